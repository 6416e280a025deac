"""Write a synthetic but baseline-format PubMed file (`PubmedArticleSet`, .xml.gz) of N records.

Each record is a real efetch article from /work/shared/fixtures/ncbi/metapub/pmid_xml/ used as
a template, given a new PMID, a year drawn from 1975-2024 and its abstract sentences rotated,
so sizes and structure are realistic (reference lists removed: see `load_templates`) (MeSH, authors, affiliations, structured abstracts) while
the texts are not all byte-identical. Optionally appends `<DeleteCitation>` for some PMIDs, as
update files do.

    python bench/make_baseline.py 100000 /tmp/pubmed_synth.xml.gz
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

TEMPLATES = Path("/work/shared/fixtures/ncbi/metapub/pmid_xml")
HEADER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n'
)
_ABSTRACT = re.compile(r"(<AbstractText[^>]*>)(.*?)(</AbstractText>)", re.S)
_YEAR = re.compile(r"(<PubDate><Year>)\d{4}")
_REFERENCES = re.compile(r"<ReferenceList>.*?</ReferenceList>", re.S)


def load_templates(folder: Path = TEMPLATES) -> list[tuple[str, str]]:
    """(pmid, article XML) for every real article in `folder`."""
    out = []
    for path in sorted(folder.glob("*.xml")):
        root = ET.parse(path).getroot()
        for article in root.iterfind("PubmedArticle"):
            pmid = article.findtext("MedlineCitation/PMID") or ""
            text = ET.tostring(article, encoding="unicode")
            text = " ".join(text.split())  # one line per article, as baseline files are
            # Reference lists make these modern efetch records ~27 KB each; a real baseline file
            # averages ~6-8 KB of XML per record (30,000 records in ~200 MB), so drop them.
            text = _REFERENCES.sub("", text)
            out.append((pmid, text))
    return out


def _rotate(match: re.Match[str], rng: random.Random) -> str:
    if "<" in match.group(2):  # inline markup (<i>, <sup>): leave it whole
        return match.group(0)
    sentences = match.group(2).split(". ")
    k = rng.randrange(len(sentences)) if len(sentences) > 1 else 0
    return match.group(1) + ". ".join(sentences[k:] + sentences[:k]) + match.group(3)


def make(
    n: int, out: Path, *, seed: int = 7, first_pmid: int = 50_000_000, deletes: int = 0
) -> None:
    rng = random.Random(seed)
    templates = load_templates()
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=6) as fh:
        fh.write(HEADER)
        for i in range(n):
            old_pmid, text = templates[i % len(templates)]
            pmid = str(first_pmid + i)
            text = text.replace(f">{old_pmid}</PMID>", f">{pmid}</PMID>", 1)
            text = text.replace(f'IdType="pubmed">{old_pmid}<', f'IdType="pubmed">{pmid}<', 1)
            text = _YEAR.sub(lambda m: m.group(1) + str(rng.randint(1975, 2024)), text, count=1)
            text = _ABSTRACT.sub(lambda m: _rotate(m, rng), text)
            fh.write(text + "\n")
        if deletes:
            fh.write("<DeleteCitation>")
            for i in rng.sample(range(n), deletes):
                fh.write(f'<PMID Version="1">{first_pmid + i}</PMID>')
            fh.write("</DeleteCitation>\n")
        fh.write("</PubmedArticleSet>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--first-pmid", type=int, default=50_000_000)
    parser.add_argument("--deletes", type=int, default=0)
    args = parser.parse_args()
    make(args.n, args.out, seed=args.seed, first_pmid=args.first_pmid, deletes=args.deletes)
    print(f"wrote {args.n} records to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
