#!/usr/bin/env bash
# Indexing benchmark: generates (and caches) N realistic news pages, measures the libxml2
# parse floor (one core) and a full `gleaner index` (all cores), and prints the ratio, pages/s,
# MB/s, peak RSS and index size, then changes 1 % of the pages and times the incremental re-index.
# Usage: Scripts/bench-index.sh [N]   (default 10000; the issue's figure uses 100000)
# Env: GLEANER_BENCH_KEEP_INDEX=DIR keeps the (re-indexed) index there, e.g. for bench-query.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-10000}"
cd "$root"
. Scripts/lib.sh
gleaner_install_deps
gleaner_build_release
corpus="$(gleaner_bench_corpus "$n")"
bin="$root/.build/release/gleaner"
index="$(mktemp -d)"
trap 'rm -rf "$index"' EXIT
# Index a hard-linked copy, so that changing 1 % of it later leaves the cached corpus alone.
cp -al "$corpus" "$index/pages"
corpus="$index/pages"
html_bytes=$(du -sb "$corpus" | cut -f1)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
floor_line=$("$bin" parse-floor "$corpus")
echo "$floor_line"
floor=$(echo "$floor_line" | sed -E 's/.* ([0-9.]+) s,.*/\1/')
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$index.rss" "$bin" index "$corpus" --index "$index/idx" --quiet
end=$(date +%s.%N)
rss_kb=$(cat "$index.rss"); rm -f "$index.rss"
idx_bytes=$(du -sb "$index/idx" | cut -f1)
# Change every 100th page (a new file replaces the link) and re-run the same command.
changed=0
while IFS= read -r f; do
    { cat "$f"; printf '\n<!-- updated copy -->\n<p>Correction appended to this page.</p>\n'; } > "$f.new" && mv "$f.new" "$f"
    changed=$((changed + 1))
done < <(find "$corpus" -type f | sort | awk 'NR % 100 == 1')
rstart=$(date +%s.%N)
"$bin" index "$corpus" --index "$index/idx" --quiet
rend=$(date +%s.%N)
python3 - "$n" "$floor" "$start" "$end" "$html_bytes" "$idx_bytes" "$rss_kb" "$changed" "$rstart" "$rend" <<'PY'
import sys
n, floor, start, end, html, idx, rss, changed, rstart, rend = sys.argv[1:]
n = int(n); floor = float(floor); wall = float(end) - float(start); html = int(html); idx = int(idx); rss = int(rss)
print(f"gleaner index: {n} pages in {wall:.2f} s = {n/wall:.0f} pages/s, {html/1e6/wall:.1f} MB/s")
print(f"ratio to libxml2 floor: {wall/floor:.2f} x (goal <= 1.5)")
print(f"peak RSS: {rss/1024:.0f} MB (goal <= 1024)")
print(f"index size: {idx/1e6:.1f} MB = {100*idx/html:.1f} % of {html/1e6:.0f} MB HTML (goal <= 10 %)")
re = float(rend) - float(rstart)
print(f"re-index after {changed} pages changed ({100*int(changed)/n:.0f} %): {re:.2f} s = {100*re/wall:.1f} % of the full build (goal <= 10 %)")
PY
if [ -n "${GLEANER_BENCH_KEEP_INDEX:-}" ]; then
    rm -rf "$GLEANER_BENCH_KEEP_INDEX"
    mv "$index/idx" "$GLEANER_BENCH_KEEP_INDEX"
    echo "index kept at $GLEANER_BENCH_KEEP_INDEX"
fi
