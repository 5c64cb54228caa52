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

# Builds the release binary (incremental: fast when nothing changed) into $GLEANER_SCRATCH
# (default .build).
gleaner_build_release() {
    swift build -c release --product gleaner --scratch-path "${GLEANER_SCRATCH:-.build}" >&2
}

# Prints the path of a release gleaner: $GLEANER_BIN when set, else one built now.
gleaner_binary() {
    if [ -n "${GLEANER_BIN:-}" ]; then echo "$GLEANER_BIN"; return 0; fi
    gleaner_install_deps
    gleaner_build_release || return 1
    echo "$(pwd)/${GLEANER_SCRATCH:-.build}/release/gleaner"
}
