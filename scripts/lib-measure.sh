# Sourced by the measuring scripts (fault-matrix.sh, peak-rss.sh): what they share.
#
# resolve_binary TOOL [PATH]: sets BIN to PATH, else the debug build, else the release build,
#   as an absolute path; exits 2 naming TOOL when there is none. Needs REPO set.
# usage: prints the calling script's header comment.
# remove_work TOOL: removes WORK, or keeps it and says where when KEEP=1.
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

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

remove_work() {
    [[ -n "$WORK" && -d "$WORK" ]] || return 0
    if [[ "${KEEP:-}" == 1 ]]; then
        echo "$1: work folder kept: $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
