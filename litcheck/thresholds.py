"""The confidence thresholds of a claim's status, defined once.

A claim's status follows its best candidate's confidence: MATCHED from `MATCHED_AT`, WEAK from
`WEAK_AT`, NO_MATCH below (`status_for`). The confidence bar (`litcheck.formats.bar`) is
coloured by the same thresholds. (Kept out of `litcheck.models`, which is at its size limit.)
"""

from __future__ import annotations

from litcheck.models import Status

MATCHED_AT = 0.5
"""Top confidence from which a claim counts as matched."""
WEAK_AT = 0.2
"""Top confidence from which a claim counts as weak (below: no_match)."""


def status_for(top_confidence: float) -> Status:
    """The status of a claim whose best candidate has `top_confidence` (0 with no candidate)."""
    if top_confidence >= MATCHED_AT:
        return Status.MATCHED
    if top_confidence >= WEAK_AT:
        return Status.WEAK
    return Status.NO_MATCH
