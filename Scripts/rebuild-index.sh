#!/usr/bin/env bash
# Installs what is missing, builds the release binary and indexes CORPUS into INDEX.
# Usage: Scripts/rebuild-index.sh [CORPUS] [INDEX]      (defaults: Corpus/ and Index/)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/Corpus}"
index="${2:-$root/Index}"
cd "$root"
. Scripts/lib.sh
gleaner_install_deps
gleaner_build_release
"$root/.build/release/gleaner" index "$corpus" --index "$index"
