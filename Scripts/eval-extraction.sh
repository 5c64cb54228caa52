#!/usr/bin/env bash
# Scores article extraction on the shared dev set and times it.
#
# Builds a release gleaner, extracts ../shared/bench/extraction/dev/html into a temporary folder,
# then prints F1 / precision / recall (score.py: 4-gram shingles, ScrapingHub benchmark metric)
# and pages per second (wall clock, all cores). Run from anywhere inside the repository.
# Exits 0 with a message when the shared benchmark is not present.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="${GLEANER_BENCH:-$repo/../shared/bench/extraction}"
dev="$bench/dev"

if [[ ! -d "$dev/html" || ! -d "$dev/expected" || ! -f "$bench/score.py" ]]; then
    echo "eval-extraction: benchmark not found at $bench (needs dev/html, dev/expected, score.py); nothing to do."
    exit 0
fi

cd "$repo"
. Scripts/lib.sh
echo "building release…"
if ! log="$(swift build "${GLEANER_RELEASE_FLAGS[@]}" --product gleaner 2>&1)"; then
    printf '%s\n' "$log" | tail -n 30
    echo "eval-extraction: release build failed" >&2
    exit 1
fi
bin="$(swift build "${GLEANER_RELEASE_FLAGS[@]}" --show-bin-path)/gleaner"

out="$(mktemp -d "${TMPDIR:-/tmp}/gleaner-eval.XXXXXX")"
trap 'rm -rf "$out"' EXIT

pages=$(find "$dev/html" -maxdepth 1 -type f -name '*.html' | wc -l | tr -d ' ')
start=$(date +%s.%N)
"$bin" extract "$dev/html" --out "$out"
end=$(date +%s.%N)

scores="$(python3 "$bench/score.py" "$out" "$dev/expected")"
last="$(printf '%s\n' "$scores" | tail -n 1)"   # precision=P recall=R f1=F
p=$(printf '%s\n' "$last" | sed -n 's/.*precision=\([0-9.]*\).*/\1/p')
r=$(printf '%s\n' "$last" | sed -n 's/.*recall=\([0-9.]*\).*/\1/p')
f=$(printf '%s\n' "$last" | sed -n 's/.*f1=\([0-9.]*\).*/\1/p')

awk -v s="$start" -v e="$end" -v n="$pages" -v f="$f" -v p="$p" -v r="$r" 'BEGIN {
    wall = e - s
    printf "F1 %s  precision %s  recall %s\n", f, p, r
    printf "%d pages in %.3f s wall  (%.0f pages/s)\n", n, wall, (wall > 0 ? n / wall : 0)
}'
printf '%s\n' "$scores" | sed -n '1,2p'
exit 0
