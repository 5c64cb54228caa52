#!/usr/bin/env bash
# Query latency benchmark: indexes the generated corpus of N pages (cached, see
# Scripts/bench-index.sh) and prints in-process p50/p95/mean latency over
# ../shared/bench/queries.txt (after a warm-up pass), then the time of a cold
# `gleaner search` process (start, open, search, print top 10).
# Usage: Scripts/bench-query.sh [N]   (default 10000)
# GLEANER_BENCH_INDEX=DIR puts the index in DIR instead of bench-corpus/N/index (keep it
# private when bench-corpus is shared); an index already there (a MANIFEST) is measured as it
# is, without `gleaner index` (so a shared, read-only index is never written).
# GLEANER_BENCH_INDEX_ARGS adds options to `gleaner index` (e.g. --no-entities: entities do not
# change query cost).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-10000}"
shared="${GLEANER_SHARED:-$root/../shared}"
cd "$root"
. Scripts/lib.sh
gleaner_install_deps
gleaner_build_release
bin="$root/.build/release/gleaner"
index="${GLEANER_BENCH_INDEX:-$root/bench-corpus/$n/index}"
if [ -n "${GLEANER_BENCH_INDEX:-}" ] && [ -f "$index/MANIFEST" ]; then
    echo "using the existing index $index as it is" >&2
else
    corpus="$(gleaner_bench_corpus "$n")"
    # shellcheck disable=SC2086
    "$bin" index "$corpus" --index "$index" --quiet ${GLEANER_BENCH_INDEX_ARGS:-} >&2
fi
echo "index: $index, $(du -sb "$index" | cut -f1) bytes"
for ext in terms post pos; do
    echo "  .$ext $(cat "$index"/*."$ext" | wc -c) bytes"
done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin" bench-query --index "$index" --queries "$shared/bench/queries.txt" --passes 5 --slowest 5
# Cold process: start, open the index, search, print the top 10; median of 21 runs, with the
# CPU time (user + system) the process used, which a busy machine inflates less than the wall.
python3 - "$bin" "$index" <<'PY'
import resource, subprocess, sys, time
bin, index = sys.argv[1], sys.argv[2]
queries = ["wagner group", "north korea missile", "\"united states\"", "harbour", "election results"]
times, cpu = [], []
for i in range(21):
    q = queries[i % len(queries)]
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([bin, "search", q, "--index", index, "--limit", "10"], stdout=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - t) * 1000)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1000)
times.sort()
cpu.sort()
load = open("/proc/loadavg").read().split()[0]
print(f"cold gleaner search (process start to top 10 printed): median {times[10]:.1f} ms, min {times[0]:.1f}, "
      f"max {times[-1]:.1f} ms; CPU median {cpu[10]:.1f} ms (load {load})")
PY
