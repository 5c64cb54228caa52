#!/usr/bin/env bash
# (Re)builds the committed golden index of the current format from the test corpus:
# Tests/Fixtures/search-corpus → Tests/Fixtures/golden-index-v<VERSION>, without entities
# (GoldenIndexTests opens it). Run from any folder after a format change, then commit the folder.
# Usage: Scripts/make-golden-index.sh [VERSION]   (default: SegmentFiles.formatVersion)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. Scripts/lib.sh
version="${1:-$(sed -n 's/.*static let formatVersion = \([0-9]*\).*/\1/p' Sources/GleanerCore/Index/SegmentFiles.swift)}"
bin="$(gleaner_binary)"
out="Tests/Fixtures/golden-index-v$version"
rm -rf "$out"
"$bin" index Tests/Fixtures/search-corpus --index "$out" --no-entities --quiet
rm -f "$out/write.lock" "$out/rebuild.log"
"$bin" check --index "$out"
