#!/usr/bin/env bash
# Entity tagger quality on the held-out split (10 %, see Scripts/train-ner.sh): builds release,
# runs `gleaner ner --conll`, scores with ../shared/bench/ner/score.py (per-type P/R/F1), per
# source too, and prints tagging tokens/s.
# Env: GLEANER_BIN (a built gleaner; default: the release build, see Scripts/lib.sh), GLEANER_SHARED.
# Usage: Scripts/eval-ner.sh [--split heldout|dev] [--model MODEL] [other `gleaner ner` options]
#   --split dev  scores the dev split instead (for choices made while training; the held-out
#                split is for reporting only)
set -euo pipefail
split=heldout
if [ "${1:-}" = "--split" ]; then
    case "${2:-}" in heldout|dev) split="$2" ;; *) echo "--split takes heldout or dev" >&2; exit 2 ;; esac
    shift 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${GLEANER_SHARED:-$root/../shared}"
if [ ! -f "$shared/bench/ner/score.py" ]; then
    echo "NER data not found at $shared/bench/ner (set GLEANER_SHARED); nothing to evaluate." >&2
    exit 0
fi
cd "$root"
Scripts/train-ner.sh --split-only
data="${NER_DATA:-$root/.build-ner/ner-data}"
. Scripts/lib.sh
bin="$(gleaner_binary)" || exit 1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" ner "$@" --conll "$data/$split.conll" > "$work/pred.conll"
echo "== $split (all sources) =="
python3 "$shared/bench/ner/score.py" "$data/$split.conll" "$work/pred.conll"
echo "== per source (micro P / R / F1) =="
# News-like prose, fixed from the sources' READMEs before any scoring: edited, published prose
# (Wikinews/Wikipedia/academic/court texts of GUM, PUD news + Wikipedia sentences, wikigold,
# CrossNER politics (Wikipedia), re3d government and military press releases). Not in it:
# tweets and forums (btc, wnut17), user web text (uner_en_ewt), loan contracts with all-caps
# headings (sec_filings).
news="gum_named uner_en_pud wikigold crossner_politics re3d_named"
: > "$work/news.gold"; : > "$work/news.pred"
for f in "$data"/"$split"-*.conll; do
    "$bin" ner "$@" --conll "$f" > "$work/p.conll"
    name="$(basename "$f" .conll)"; name="${name#"$split"-}"
    python3 "$shared/bench/ner/score.py" "$f" "$work/p.conll" | awk -v n="$name" '/^micro/ {printf "%-20s %6d gold  P %6.2f  R %6.2f  F1 %6.2f\n", n, $2, $5, $6, $7}'
    case " $news " in *" $name "*) cat "$f" >> "$work/news.gold"; cat "$work/p.conll" >> "$work/news.pred" ;; esac
done
echo "== news-like prose ($news) =="
python3 "$shared/bench/ner/score.py" "$work/news.gold" "$work/news.pred"
echo "== speed =="
"$bin" ner "$@" --conll "$data/$split.conll" --bench 10
