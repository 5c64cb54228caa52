#!/usr/bin/env bash
# Seeded random-input testing of HTML extraction and of the query engine. It uses the debug
# build, whose bounds and overflow checks turn a memory error into a crash that is caught.
# Runs each target for SECONDS (default 120) in rounds of 20 s with successive seeds; an input
# that crashes gleaner is saved under Tests/Fixtures/fuzz-regressions/ (the regression test
# replays every file there) and the round is reported.
# Usage: Scripts/fuzz.sh [SECONDS] [FIRST_SEED]
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-120}"
seed="${2:-1}"
cd "$root"
. Scripts/lib.sh
gleaner_install_deps
swift build --product gleaner >&2 || exit 1
bin="$root/.build/debug/gleaner"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
keep="$root/Tests/Fixtures/fuzz-regressions"
mkdir -p "$keep"
crashes=0
for target in html query; do
    left=$seconds
    while [ "$left" -gt 0 ]; do
        round=$(( left < 20 ? left : 20 ))
        "$bin" fuzz --target "$target" --seconds "$round" --seed "$seed" --crash-dir "$work" --corpus "$root/Corpus"
        status=$?
        if [ $status -ne 0 ]; then
            crashes=$((crashes + 1))
            name="$target-seed$seed-$(cksum < "$work/current-$target.bin" | cut -d' ' -f1).bin"
            cp "$work/current-$target.bin" "$keep/$name"
            echo "CRASH (exit $status) in $target, seed $seed: input kept as Tests/Fixtures/fuzz-regressions/$name"
        fi
        seed=$((seed + 1))
        left=$((left - round))
    done
done
echo "fuzz: $crashes crash(es) in $((seconds * 2)) s of fuzzing"
[ $crashes -eq 0 ]
