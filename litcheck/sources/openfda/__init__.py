"""Regulatory claims against openFDA: query planning, facts from Drugs@FDA and labels, scoring.

- `plan.plan_openfda(claim)`: openFDA searches for a regulatory claim (quoted phrases).
- `parse`: openFDA JSON (drugsfda and label results, error bodies) to plain values.
- `facts.build_record(drugsfda, label)`: one `Record` with `FdaFacts` per application.
- `score.score_fda(claim, record)`: a `Candidate` on the same [0, 1] scale as PubMed's;
  `score.score_fda_all(claim, records)` scores each with the others as context (richer flag lines).
- `names` (salt-insensitive ingredient matching, openFDA phrase quoting), `describe` (short
  readable phrases for reasons and flags).

The source that sends the requests is `litcheck.sources.openfda.source.OpenFdaSource`.
"""

from __future__ import annotations

DRUGSFDA = "drug/drugsfda.json"
"""The Drugs@FDA endpoint, relative to LITCHECK_OPENFDA_URL."""
LABEL = "drug/label.json"
"""The drug label (SPL) endpoint."""
