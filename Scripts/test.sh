#!/usr/bin/env bash
# Runs Gleaner's whole test suite (installs missing system libraries first).
# Usage: Scripts/test.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
. Scripts/lib.sh
gleaner_install_deps
swift build --build-tests
swift test --skip-build --parallel "$@"
