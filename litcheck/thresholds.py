"""The statuses' thresholds, defined once, and the rule that turns confidences into a status.

The confidence is calibrated on the path users run (`bench/fit_fusion.py`), so the statuses
promise what they say (README, "Reading the results"):

- `matched`: the top candidate is a right reference with probability at least 0.5: its
  calibrated confidence is at least `MATCHED_AT`, 0.6, a margin for what calibration misses on
  claims it was not fitted on (measured: the top candidate of a `matched` claim is right for
  83-85% of them, against 77-79% with a bar at 0.5);
  and the top candidate carries every drug and condition the claim names (a record with the
  drug but not the condition is at most `weak`, however confident: "Ketamine treats
  depression" is not answered by "Is atropine needed with ketamine sedation?");
- `weak`: a right reference is more likely than not among the top three (their confidences
  add up to at least `WEAK_AT`; a claim rests on one reference, so the events are close to
  exclusive and the sum estimates the chance that one of them is right);
- `no_match`: neither.

The confidence bar (`litcheck.formats.bar`) is coloured by the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from litcheck.models import Status

MATCHED_AT = 0.6
"""`matched` from this top confidence (see the module docstring for why not 0.5)."""
WEAK_AT = 0.5
"""`weak` from this sum of the top three confidences."""
PLAUSIBLE_AT = WEAK_AT / 3
"""A candidate that alone carries a third of the `weak` bar: shown yellow, below it red."""


def status_of(confidences: Sequence[float], *, top_names_all: bool = True) -> Status:
    """The status of a claim whose candidates have `confidences`, best first; `top_names_all`:
    the top candidate carries every drug and condition the claim names."""
    if confidences and confidences[0] >= MATCHED_AT and top_names_all:
        return Status.MATCHED
    if sum(confidences[:3]) >= WEAK_AT:
        return Status.WEAK
    return Status.NO_MATCH
