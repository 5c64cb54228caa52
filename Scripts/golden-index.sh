#!/usr/bin/env bash
# Rebuilds the committed golden index of the current format from Tests/Fixtures/search-corpus:
#   Scripts/golden-index.sh 2      -> Tests/Fixtures/golden-index-v2
# Entities are off (the tagger model may change without a format change). Run it only when the
# format version changes (see GoldenIndexTests), then update the counts that test expects.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${1:?usage: Scripts/golden-index.sh VERSION}"
cd "$root"
swift build -c release --product gleaner >/dev/null
out="Tests/Fixtures/golden-index-v$version"
rm -rf "$out"
.build/release/gleaner index Tests/Fixtures/search-corpus --index "$out" --no-entities --quiet
rm -f "$out/write.lock" "$out/rebuild.log"
ls -l "$out"
