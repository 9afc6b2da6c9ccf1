#!/usr/bin/env python3
"""Real-browser test of the story page (GET /view), against a running quoth on loopback.

Headless Chromium loads `/view#text=<story>` (the page fills its form with the story and submits
it, exactly as a person pasting it would), runs the page's JavaScript against the service and
prints the final DOM. Every marked mention's text must equal the API's mention text, and every
quote's content, cue and speaker must be marked exactly where /analyze puts them; the story has an
emoji (two UTF-16 units) and other astral characters before names, so a highlight computed in the
wrong unit is off and fails the test.

  python3 scripts/view_browser_test.py --port 8080 [--chromium /usr/bin/chromium]
      [--screenshot page.png] [--story FILE]

Loopback only. Exit 0 when every check passes. Standard library only (plus Chromium).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from html.parser import HTMLParser

# Written for this test (a fictional wire story): quotes of every form, an emoji and other
# astral characters before names, curly and straight quotation marks.
STORY = (
    "SPRINGFIELD (Wire) \U0001F5DE\uFE0F Mayor Ana Ruiz said on Monday that the city would appeal "
    "the ruling. \u201cWe will not back down,\u201d Ruiz told reporters outside City Hall. "
    "\U0001F600 Kim Jong Un and Donald Trump were not mentioned.\n\n"
    "According to the Springfield Transit Authority, ridership rose 4% in March. "
    "\u201cIt is a good month,\u201d said Dana Okafor, a spokeswoman for the authority, "
    "who called the figures \u201cencouraging\u201d. "
    "\U0001D4D0 The council meets again in Shelbyville on Friday."
)


class Marks(HTMLParser):
    """Collects the text of every <mark data-start> and of every [data-q] token, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_story = 0
        self.stack = []  # (tag, mark index or None, q tokens)
        self.marks = []  # dicts: start, end, entity, label, text
        self.quotes = {}  # token -> text
        self.mark_open = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and a.get("id") == "story":
            self.in_story = 1
            self.stack = [("article", None, [])]
            return
        if not self.in_story:
            return
        mark = None
        if tag == "mark" and "data-start" in a:
            mark = len(self.marks)
            self.marks.append({"start": int(a["data-start"]), "end": int(a["data-end"]),
                               "entity": int(a["data-entity"]), "label": a.get("data-label"),
                               "text": ""})
        tokens = a.get("data-q", "").split() if "data-q" in a else []
        self.stack.append((tag, mark, tokens))

    def handle_endtag(self, tag):
        if not self.in_story:
            return
        if self.stack:
            self.stack.pop()
        if not self.stack:
            self.in_story = 0

    def handle_data(self, data):
        if not self.in_story:
            return
        for _, mark, tokens in self.stack:
            if mark is not None:
                self.marks[mark]["text"] += data
            for t in tokens:
                self.quotes[t] = self.quotes.get(t, "") + data


def post(port, path, body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def chromium_args(binary, profile):
    # As root in CI: no sandbox. The background-networking flags keep Chromium from calling
    # out (this machine's network is closed; only loopback is used).
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
            "--virtual-time-budget=15000", "--run-all-compositor-stages-before-draw"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--screenshot", help="also save a screenshot of the rendered page here")
    ap.add_argument("--story", help="a UTF-8 text file to use instead of the built-in story")
    ap.add_argument("--window", default="1280,1400")
    args = ap.parse_args()
    story = open(args.story, encoding="utf-8").read() if args.story else STORY
    url = f"http://127.0.0.1:{args.port}/view#text=" + urllib.parse.quote(story, safe="")

    with tempfile.TemporaryDirectory() as profile:
        cmd = chromium_args(args.chromium, profile) + ["--dump-dom", url]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if run.returncode != 0:
            sys.exit(f"chromium exited {run.returncode}:\n{run.stderr[-3000:]}")
        dom = run.stdout
        if args.screenshot:
            shot = chromium_args(args.chromium, profile) + [
                f"--window-size={args.window}", f"--screenshot={os.path.abspath(args.screenshot)}",
                "--hide-scrollbars", url]
            subprocess.run(shot, capture_output=True, text=True, timeout=120, check=True)

    if 'data-state="done"' not in dom:
        at = dom.find('id="status"')
        sys.exit("the page did not finish its analysis (no data-state=done in the DOM); "
                 f"status: {dom[at:at + 300] if at >= 0 else 'none'}")
    api = post(args.port, "/analyze", {"text": story, "offset_unit": "utf16"})
    parsed = Marks()
    parsed.feed(dom)
    failures = []

    want = [(m["start"], m["end"], m["text"], m["label"], m["entity"]) for m in api["mentions"]]
    got = [(m["start"], m["end"], m["text"], m["label"], m["entity"]) for m in parsed.marks]
    if got != want:
        failures.append(f"marked mentions differ from the API's:\n  page: {got}\n  api:  {want}")

    for qi, q in enumerate(api["quotes"]):
        for pi, part in enumerate(q["content"]):
            page = parsed.quotes.get(f"{qi}.{pi}")
            if page != part["text"]:
                failures.append(f"quote {qi} part {pi}: page {page!r}, api {part['text']!r}")
        for key in ("cue", "speaker"):
            if q.get(key):
                page = parsed.quotes.get(f"{qi}:{key}")
                if page != q[key]["text"]:
                    failures.append(f"quote {qi} {key}: page {page!r}, api {q[key]['text']!r}")
    extra = {t.split(".")[0].split(":")[0] for t in parsed.quotes} - {
        str(i) for i in range(len(api["quotes"]))}
    if extra:
        failures.append(f"page marks quotes the API does not return: {sorted(extra)}")

    if not api["mentions"] or not api["quotes"]:
        failures.append("the story should give mentions and quotes; the check would be empty")
    print(f"view: {len(parsed.marks)} marked mentions, {len(parsed.quotes)} quote parts checked "
          f"against /analyze ({len(api['mentions'])} mentions, {len(api['quotes'])} quotes)")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)
    print("view: every highlight is where the API says")


if __name__ == "__main__":
    main()
