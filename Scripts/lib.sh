# Shared helpers for Gleaner's scripts (sourced, not run).

# Installs the Debian packages Gleaner builds against, when any is missing.
gleaner_install_deps() {
    local pkgs=(libxml2-dev libstemmer-dev libutf8proc-dev zlib1g-dev libzstd-dev pkg-config time)
    local missing=()
    for p in "${pkgs[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing: ${missing[*]}" >&2
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
    fi
}

# Release builds link the Swift runtime and Foundation statically: a cold `gleaner search`
# then skips most dynamic symbol binding (process start 11.5 -> 5 ms). Every script builds
# release with these flags, so they never force each other's rebuilds.
GLEANER_RELEASE_FLAGS=(-c release --static-swift-stdlib)

# Builds the release binary (incremental: fast when nothing changed) into $GLEANER_SCRATCH
# (default .build).
gleaner_build_release() {
    swift build "${GLEANER_RELEASE_FLAGS[@]}" --product gleaner --scratch-path "${GLEANER_SCRATCH:-.build}" >&2
}

# Prints the path of a release gleaner: $GLEANER_BIN when set, else one built now.
gleaner_binary() {
    if [ -n "${GLEANER_BIN:-}" ]; then echo "$GLEANER_BIN"; return 0; fi
    gleaner_install_deps
    gleaner_build_release || return 1
    echo "$(pwd)/${GLEANER_SCRATCH:-.build}/release/gleaner"
}

# Generates (once, cached under bench-corpus/N) N benchmark news pages with the shared generator
# and prints the folder of pages. Needs ../shared (or $GLEANER_SHARED).
gleaner_bench_corpus() {
    local n="$1" root shared corpus
    root="$(pwd)"
    shared="${GLEANER_SHARED:-$root/../shared}"
    corpus="$root/bench-corpus/$n/pages"
    if [ ! -f "$root/bench-corpus/$n/truth.jsonl" ]; then
        [ -f "$shared/bench/gen_corpus.py" ] || { echo "no generator at $shared/bench (set GLEANER_SHARED)" >&2; return 1; }
        echo "generating $n pages into $corpus …" >&2
        python3 "$shared/bench/gen_corpus.py" --docs "$n" --seed 1 --out "$corpus" --jobs "$(nproc)" >&2 || return 1
    fi
    echo "$corpus"
}
