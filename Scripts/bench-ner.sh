#!/usr/bin/env bash
# Entity tagger speed: model load time and tokens/s of tagging (release build, one thread,
# tokens pre-split; the corpus is the held-out split of Scripts/train-ner.sh, or a CoNLL file
# given as $1).
# Env: GLEANER_BIN (a built gleaner; default: the release build, see Scripts/lib.sh), GLEANER_SHARED.
# Usage: Scripts/bench-ner.sh [FILE.conll] [passes, default 20]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
file="${1:-}"
passes="${2:-20}"
if [ -z "$file" ]; then
    Scripts/train-ner.sh --split-only
    file="${NER_DATA:-$root/.build-ner/ner-data}/heldout.conll"
fi
if [ ! -f "$file" ]; then
    echo "no CoNLL file to time ($file); ../shared missing? Pass a file: Scripts/bench-ner.sh FILE.conll" >&2
    exit 0
fi
. Scripts/lib.sh
bin="$(gleaner_binary)" || exit 1
"$bin" ner --model-info | sed -n '1,2p'
ls -l Models/ner-en.model | awk '{printf "model size: %.1f MB\n", $5 / 1048576}'
# Load time: best of 5 cold-process loads (includes CRC check and half→float widening).
for _ in 1 2 3 4 5; do "$bin" ner --model-info | grep 'load time'; done | sort -t: -k2 -n | head -1
"$bin" ner --conll "$file" --bench "$passes"
