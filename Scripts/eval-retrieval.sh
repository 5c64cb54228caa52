#!/usr/bin/env bash
# Ranking quality on SciFact (BEIR): indexes corpus.jsonl, runs the 300 test queries in batch
# mode, scores the TREC run. Prints nDCG@10, Recall@100 and MRR@10.
# Usage: Scripts/eval-retrieval.sh [extra `gleaner search` options, e.g. --expand]
# Environment: GLEANER_SCRATCH=DIR builds into that scratch folder instead of .build;
# GLEANER_EVAL_INDEX=DIR keeps the SciFact index there and reuses it on the next run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${GLEANER_SHARED:-$root/../shared}"
data="$shared/bench/retrieval/scifact"
if [ ! -f "$data/corpus.jsonl" ]; then
    echo "SciFact not found at $data (set GLEANER_SHARED); nothing to evaluate." >&2
    exit 0
fi
cd "$root"
. Scripts/lib.sh
gleaner_install_deps
scratch="${GLEANER_SCRATCH:-$root/.build}"
swift build "${GLEANER_RELEASE_FLAGS[@]}" --product gleaner --scratch-path "$scratch" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin="$scratch/release/gleaner"
index="${GLEANER_EVAL_INDEX:-$work/index}"
if [ -z "${GLEANER_EVAL_INDEX:-}" ] || [ ! -f "$index/MANIFEST" ]; then
    "$bin" index "$data/corpus.jsonl" --index "$index" --quiet
fi
# Only the queries that have judgments (the BEIR test split).
python3 - "$data" "$work/queries.tsv" <<'PY'
import json, sys
data, out = sys.argv[1], sys.argv[2]
judged = set()
for line in open(f"{data}/qrels.tsv"):
    parts = line.split("\t")
    if parts[0] != "query-id": judged.add(parts[0])
with open(out, "w") as f:
    for line in open(f"{data}/queries.jsonl"):
        q = json.loads(line)
        if q["_id"] in judged:
            f.write(q["_id"] + "\t" + " ".join(q["text"].split()) + "\n")
PY
start=$(date +%s.%N)
"$bin" search --index "$index" --queries "$work/queries.tsv" --format trec --limit 1000 --match any "$@" > "$work/run.trec"
end=$(date +%s.%N)
echo "queries: $(wc -l < "$work/queries.tsv")  time: $(python3 -c "print(f'{$end-$start:.2f}')") s"
python3 "$shared/bench/retrieval/score.py" "$work/run.trec" "$data/qrels.tsv" 2>/dev/null || python3 "$shared/bench/retrieval/score.py" --help
