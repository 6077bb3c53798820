# Sourced by the measuring scripts (fault-matrix.sh, peak-rss.sh): finds the bmfeed binary.
#
# resolve_binary TOOL [PATH]: sets BIN to PATH, else the debug build, else the release build,
# as an absolute path; exits 2 naming TOOL when there is none. Needs REPO set.
resolve_binary() {
    local tool="$1" given="${2:-}"
    if [[ -n "$given" ]]; then
        BIN="$given"
    elif [[ -x "$REPO/.build/debug/bmfeed" ]]; then
        BIN="$REPO/.build/debug/bmfeed"
    else
        BIN="$REPO/.build/release/bmfeed"
    fi
    [[ -x "$BIN" ]] || { echo "$tool: no bmfeed binary at $BIN (build it, or pass its path)" >&2; exit 2; }
    BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
}
