#!/usr/bin/env python3
"""Writes a large JSONL of ClinicalTrials.gov API v2 studies for benchmarks, one study per line.

Templates are the real v2 documents in ../shared/realdata/ctgov/v2 when that folder is beside the
repository (read, never copied into it), else the made-up studies in data/samples/*.trials.jsonl.
Each copy gets its own NCT id so every line is a new trial.
Usage: scripts/gen-trials.py OUT.jsonl [MEGABYTES=200]
"""
import json, pathlib, sys

root = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1])
target = int(float(sys.argv[2] if len(sys.argv) > 2 else 200) * 1024 * 1024)

templates = []
shared = root.parent / "shared" / "realdata" / "ctgov" / "v2"
for path in sorted(shared.glob("*/*.json")) if shared.is_dir() else []:
    if "legacy" in path.name:
        continue
    document = json.loads(path.read_text(encoding="utf-8"))
    templates += document["studies"] if "studies" in document else [document]
if not templates:
    for path in sorted((root / "data" / "samples").glob("*.trials.jsonl")):
        templates += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

written, count = 0, 0
with out.open("w", encoding="utf-8") as f:
    while written < target:
        study = templates[count % len(templates)]
        study["protocolSection"]["identificationModule"]["nctId"] = f"NCT9{count:07d}"
        line = json.dumps(study, separators=(",", ":")) + "\n"
        f.write(line)
        written += len(line.encode("utf-8"))
        count += 1
print(f"{out}: {count} studies, {out.stat().st_size / 1048576:.1f} MB, {len(templates)} templates", file=sys.stderr)
