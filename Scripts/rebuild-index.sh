#!/usr/bin/env bash
# The nightly job: installs what is missing, builds the release binary if needed, and updates
# INDEX from CORPUS incrementally. Logs one summary line to stdout and to INDEX/rebuild.log.
# Usage: Scripts/rebuild-index.sh [CORPUS] [INDEX] [--full]   (defaults: Corpus/ and Index/)
# Exit: 0 success, 1 failure, 75 another rebuild holds the lock.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
full=""
args=()
for a in "$@"; do
    if [ "$a" = "--full" ]; then full="--full"; else args+=("$a"); fi
done
corpus="${args[0]:-$root/Corpus}"
index="${args[1]:-$root/Index}"
mkdir -p "$index" || { echo "rebuild: cannot create $index" >&2; exit 1; }
log="$index/rebuild.log"
stamp() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# One rebuild at a time: the lock is released by the kernel if this process dies.
exec 9>"$index/rebuild.lock"
if ! flock -n 9; then
    echo "$(stamp) rebuild: another rebuild of $index is running; exiting (75)" | tee -a "$log" >&2
    exit 75
fi

cd "$root" || exit 1
. Scripts/lib.sh
if ! gleaner_install_deps || ! gleaner_build_release; then
    echo "$(stamp) rebuild: FAILED: could not install dependencies or build gleaner" | tee -a "$log" >&2
    exit 1
fi
out="$("$root/.build/release/gleaner" index "$corpus" --index "$index" --quiet $full 2>&1)"
status=$?
summary="$(printf '%s\n' "$out" | tail -n 1)"
if [ $status -eq 0 ]; then
    echo "$(stamp) $summary" | tee -a "$log"
    exit 0
fi
echo "$(stamp) rebuild: FAILED (exit $status): $summary" | tee -a "$log" >&2
[ $status -eq 75 ] && exit 75
exit 1
