"""The review loop: one claim at a time, one command at a time. Pure: all I/O is injected.

Commands (the same in a terminal and in a script, one per line)::

    c N [NOTE]   confirm candidate N (a bare number N does the same)     -> next claim
    r [NOTE]     reject all candidates                                   -> next claim
    u [NOTE]     mark unsure                                             -> next claim
    n TEXT       add a note to this claim (saved as its own line)        stays
    o [N]        open candidate N (default 1) in the browser             stays
    s            skip                                                    -> next claim
    b            back                                                    -> previous claim
    q            quit (also end of input)
    ?            help

Every decision goes to `record` the moment it is made (the CLI passes `append_decision`, which
fsyncs), so nothing is held back in memory. The loop starts at the first claim that has no
verdict, so reopening a review resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from litcheck.models import ClaimResult, Decision, Record, Verdict
from litcheck.results.decisions import is_reviewed, merge_latest, now_iso

HELP = (
    "c N confirm candidate N · r reject all · u unsure · n TEXT note · o N open · "
    "s skip · b back · q quit"
)


@dataclass(frozen=True)
class Filters:
    """Which claims enter the queue. Confidence bounds apply to the best candidate."""

    unreviewed_only: bool = False
    flagged_only: bool = False
    """Only claims whose candidates carry at least one flag."""
    min_confidence: float | None = None
    max_confidence: float | None = None

    def keep(self, result: ClaimResult, decision: Decision | None) -> bool:
        if self.unreviewed_only and is_reviewed(decision):
            return False
        if self.flagged_only and not any(c.flags for c in result.candidates):
            return False
        top = max((c.confidence for c in result.candidates), default=0.0)
        if self.min_confidence is not None and top < self.min_confidence:
            return False
        return self.max_confidence is None or top <= self.max_confidence


@dataclass(frozen=True)
class Command:
    """One parsed command line."""

    key: str
    """One of "c", "r", "u", "n", "o", "s", "b", "q", "?"."""
    number: int | None = None
    text: str = ""


_KEYS = {"c", "r", "u", "n", "o", "s", "b", "q", "?", "h"}


def parse_command(line: str) -> Command:
    """Parse one command line. Raises ValueError with a message for people."""
    stripped = line.strip()
    if not stripped:
        raise ValueError("empty command")
    head, _, rest = stripped.partition(" ")
    rest = rest.strip()
    if head.isdigit():
        return Command("c", int(head), rest)
    key = head.lower()
    if key not in _KEYS:
        raise ValueError(f"unknown command {head!r}")
    if key == "h":
        key = "?"
    if key in ("c", "o"):
        number_text, _, note = rest.partition(" ")
        if not number_text and key == "o":
            return Command("o", 1)
        if not number_text.isdigit():
            raise ValueError(f"{key} needs a candidate number, e.g. `{key} 1`")
        return Command(key, int(number_text), note.strip())
    if key == "n" and not rest:
        raise ValueError("n needs the note's text, e.g. `n checked the PDF`")
    return Command(key, None, rest)


def record_url(record: Record) -> str | None:
    """Where a person can read `record`: its URL, else PubMed by PMID, else the DOI."""
    if record.url:
        return record.url
    if record.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"
    if record.doi:
        return f"https://doi.org/{record.doi}"
    return None


ShowFn = Callable[[ClaimResult, Decision | None, int, int], None]
"""show(result, its latest decision, 0-based position, queue length)."""


@dataclass
class ReviewOutcome:
    """What a review session did."""

    made: list[Decision] = field(default_factory=list)
    """Decisions recorded in this session, in order."""
    ended: str = "quit"
    """"quit" (q or end of input), "done" (moved past the last claim) or "empty"."""
    position: int = 0


def start_position(queue: Sequence[ClaimResult], latest: Mapping[str, Decision]) -> int:
    """Index of the first claim without a verdict; 0 when every claim has one."""
    for i, result in enumerate(queue):
        if not is_reviewed(latest.get(result.claim.id)):
            return i
    return 0


@dataclass
class _Session:
    """The state of one review: the queue, the latest decision per claim, the injected I/O."""

    queue: list[ClaimResult]
    latest: dict[str, Decision]
    say: Callable[[str], None]
    record: Callable[[Decision], None]
    open_url: Callable[[str], None]
    reviewer: str | None
    clock: Callable[[], str]
    outcome: ReviewOutcome = field(default_factory=ReviewOutcome)

    def reviewed(self) -> int:
        """How many claims of the queue have a verdict."""
        return sum(is_reviewed(self.latest.get(r.claim.id)) for r in self.queue)

    def greet(self, pos: int) -> None:
        """Say where the review starts when it is not at a fresh first claim."""
        reviewed = self.reviewed()
        if reviewed == len(self.queue):
            self.say(f"all {len(self.queue)} claims already have a verdict; starting at the first")
        elif pos:
            self.say(f"resuming at claim {pos + 1} of {len(self.queue)} ({reviewed} reviewed)")

    def decide(
        self, result: ClaimResult, verdict: Verdict, candidate: str | None, note: str
    ) -> None:
        """Record a decision now (before anything else happens) and remember it as the latest."""
        decision = Decision(
            claim_id=result.claim.id,
            verdict=verdict,
            candidate=candidate,
            note=note or None,
            at=self.clock(),
            reviewer=self.reviewer,
        )
        self.record(decision)
        self.outcome.made.append(decision)
        claim_id = result.claim.id
        previous = [self.latest[claim_id]] if claim_id in self.latest else []
        self.latest[claim_id] = merge_latest([*previous, decision])[claim_id]

    def apply(self, cmd: Command, pos: int) -> int | None:
        """Carry out `cmd` on the claim at `pos`: the step to take (-1, 0, 1), None to quit."""
        current = self.queue[pos]
        count = len(current.candidates)
        if cmd.key in ("c", "o") and not 1 <= (cmd.number or 0) <= count:
            self.say(f"no candidate {cmd.number}: this claim has {count}")
            return 0
        if cmd.key == "c":
            candidate = current.candidates[(cmd.number or 1) - 1].record.id
            self.decide(current, Verdict.CONFIRMED, candidate, cmd.text)
            return 1
        if cmd.key in ("r", "u"):
            verdict = Verdict.REJECTED if cmd.key == "r" else Verdict.UNSURE
            self.decide(current, verdict, None, cmd.text)
            return 1
        if cmd.key == "n":
            self.decide(current, Verdict.NOTE, None, cmd.text)
            self.say("note saved")
        elif cmd.key == "o":
            url = record_url(current.candidates[(cmd.number or 1) - 1].record)
            if url is None:
                self.say("this record has no link")
            else:
                self.open_url(url)
        elif cmd.key == "s":
            return 1
        elif cmd.key == "b":
            if pos == 0:
                self.say("already at the first claim")
            return -1 if pos else 0
        elif cmd.key == "q":
            return None
        else:
            self.say(HELP)
        return 0


def _latest(
    results: Sequence[ClaimResult], decisions: Mapping[str, Decision] | None
) -> dict[str, Decision]:
    """The latest decision per claim id: `decisions`, else the one a result carries."""
    latest = dict(decisions or {})
    for r in results:
        if r.decision is not None and r.claim.id not in latest:
            latest[r.claim.id] = r.decision
    return latest


def _run(session: _Session, read: Callable[[], str | None], show: ShowFn) -> ReviewOutcome:
    """The command loop, from the first claim without a verdict."""
    queue, outcome = session.queue, session.outcome
    pos = start_position(queue, session.latest)
    session.greet(pos)
    shown = -1
    while True:
        current = queue[pos]
        if shown != pos:
            show(current, session.latest.get(current.claim.id), pos, len(queue))
            shown = pos
        line = read()
        if line is None:
            break
        if not line.strip():
            continue
        try:
            cmd = parse_command(line)
        except ValueError as exc:
            session.say(f"{exc}. {HELP}")
            continue
        step = session.apply(cmd, pos)
        if step is None:
            break
        if step > 0 and pos + 1 >= len(queue):
            session.say(f"end of the list: {session.reviewed()} of {len(queue)} claims reviewed")
            outcome.ended = "done"
            outcome.position = pos
            return outcome
        pos += step
    outcome.position = pos
    return outcome


def review(
    results: Sequence[ClaimResult],
    *,
    read: Callable[[], str | None],
    show: ShowFn,
    say: Callable[[str], None],
    record: Callable[[Decision], None],
    decisions: Mapping[str, Decision] | None = None,
    open_url: Callable[[str], None] = lambda _url: None,
    reviewer: str | None = None,
    filters: Filters = Filters(),
    clock: Callable[[], str] = now_iso,
) -> ReviewOutcome:
    """Run the loop until quit, end of input or past the last claim.

    `read` returns the next command line, or None at end of input (treated as quit).
    `record` must persist a decision before returning. Ctrl-C propagates to the caller; every
    decision recorded before it is kept.
    """
    latest = _latest(results, decisions)
    queue = [r for r in results if filters.keep(r, latest.get(r.claim.id))]
    if not queue:
        say("nothing to review with these filters")
        return ReviewOutcome(ended="empty")
    session = _Session(queue, latest, say, record, open_url, reviewer, clock)
    return _run(session, read, show)
