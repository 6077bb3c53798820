#!/usr/bin/env bash
# Checks the digest outputs the way readers see them, on a store built from data/samples:
# - Atom: parsed by a real feed client (feedparser from PyPI, installed here into bench/venv):
#   no parse error (bozo == 0), every entry has id, title, link and updated; plus RFC 4287 rules
#   (one id/title/updated per feed and entry, RFC 3339 dates, a feed-level author).
# - HTML: rendered by headless Chromium (Debian's chromium, installed when missing) to a PNG
#   screenshot, which must not be blank.
# Usage: scripts/check-digest.sh   (needs network for pip/apt the first time)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --product bmfeed >&2
bmfeed=.build/debug/bmfeed
work=bench/check-digest
rm -rf "$work" && mkdir -p "$work"
"$bmfeed" demo --db "$work/store.sqlite" >/dev/null
"$bmfeed" digest --db "$work/store.sqlite" --since 1d --format atom --output "$work/atom" 2>/dev/null
"$bmfeed" digest --db "$work/store.sqlite" --since 1d --format html --output "$work/digest.html" 2>/dev/null

[ -x bench/venv/bin/python ] || python3 -m venv bench/venv
bench/venv/bin/pip install --quiet feedparser
for feed in "$work"/atom/*.atom; do
  bench/venv/bin/python - "$feed" <<'PY'
import re, sys, xml.etree.ElementTree as ET
import feedparser
path = sys.argv[1]
parsed = feedparser.parse(path)
assert parsed.bozo == 0, f"{path}: feedparser: {parsed.bozo_exception}"
assert parsed.entries, f"{path}: no entries"
for entry in parsed.entries:
    for field in ("id", "title", "link", "updated"):
        assert entry.get(field), f"{path}: entry without {field}: {entry}"
ns = {"a": "http://www.w3.org/2005/Atom"}
root = ET.parse(path).getroot()
rfc3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
for node in [root] + root.findall("a:entry", ns):
    for name in ("id", "title", "updated"):
        found = node.findall(f"a:{name}", ns)
        assert len(found) == 1, f"{path}: {len(found)} <{name}> in <{node.tag}>"
    assert rfc3339.match(node.find("a:updated", ns).text), f"{path}: updated is not RFC 3339"
assert root.find("a:author/a:name", ns) is not None, f"{path}: no feed-level author"
ids = [e.find("a:id", ns).text for e in root.findall("a:entry", ns)]
assert len(ids) == len(set(ids)), f"{path}: duplicate entry ids"
print(f"atom ok: {path}: {len(parsed.entries)} entries, feedparser bozo=0, RFC 4287 checks passed")
PY
done

chromium=$(command -v chromium-headless-shell || command -v chromium || true)
if [ -z "$chromium" ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -q --no-install-recommends chromium >/dev/null
  chromium=$(command -v chromium)
fi
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2000 \
  --screenshot="$work/digest.png" "file://$PWD/$work/digest.html" >/dev/null 2>&1
python3 - "$work/digest.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
chunks, pos = b"", 8
while pos < len(data):
    length = struct.unpack(">I", data[pos:pos + 4])[0]
    kind = data[pos + 4:pos + 8]
    if kind == b"IDAT":
        chunks += data[pos + 8:pos + 8 + length]
    pos += 12 + length
raw = zlib.decompress(chunks)
distinct = len(set(raw[i] for i in range(0, len(raw), 7)))
assert distinct > 16, f"screenshot looks blank ({distinct} distinct byte values)"
print(f"html ok: {sys.argv[1]}: {width}x{height} screenshot, {distinct} distinct byte values (not blank)")
PY
