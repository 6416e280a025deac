"""The review loop: one claim at a time, one command at a time. Pure: all I/O is injected.

Commands (the same in a terminal and in a script, one per line)::

    c N [NOTE]   confirm candidate N (a bare number N does the same)     -> next claim
    r [NOTE]     reject all candidates                                   -> next claim
    u [NOTE]     mark unsure                                             -> next claim
    n TEXT       add a note to this claim (saved as its own line)        stays
    o [N]        open candidate N (default 1) in the browser             stays
    m            more: the candidates after the top three                stays
    s            skip                                                    -> next claim
    b            back                                                    -> previous claim
    q            quit (also end of input)
    ?            help

Every decision goes to `record` the moment it is made (the CLI passes `append_decision`, which
fsyncs), so nothing is held back in memory, and is echoed in one line through `say` ("claim 1:
confirmed #1 38011560 · review: not a primary study"). Confirming a flagged candidate first asks
`ask` (y/n) when one is given (a terminal; scripts are not asked). The loop starts at the first
claim that has no verdict, so reopening a review resumes where it stopped. Past the last claim
the loop keeps reading until quit or end of input: `n TEXT` there notes the last claim (the one
just decided), `o` opens its candidates and `b` goes back to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from msgspec import Struct, field

from litcheck.formats.inert import record_label
from litcheck.models import Candidate, ClaimResult, Decision, Record, Verdict
from litcheck.results.decisions import is_reviewed, merge_latest, now_iso

HELP_LINES = (
    "c N confirm candidate N · r reject all · u unsure · n TEXT note",
    "o N open · m more · s skip · b back · q quit",
)
HELP = " · ".join(HELP_LINES)
SHORT_HELP = "c N confirm · r reject all · u unsure · n TEXT note · m more · ? help · q quit"


class Filters(Struct, frozen=True):
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


class Command(Struct, frozen=True):
    """One parsed command line."""

    key: str
    """One of "c", "r", "u", "n", "o", "m", "s", "b", "q", "?"."""
    number: int | None = None
    text: str = ""


_KEYS = {"c", "r", "u", "n", "o", "m", "s", "b", "q", "?", "h"}


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
MoreFn = Callable[[ClaimResult, Decision | None], None]
"""more(result, its latest decision): show the candidates after the top three."""


class ReviewOutcome(Struct):
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


def _flag_summary(candidate: Candidate) -> str:
    """ "animal-only: the study is in mice · review" (the first flag with its reason)."""
    if not candidate.flags:
        return ""
    first = candidate.flags[0]
    why = candidate.flag_reasons.get(first)
    return " · ".join([f"{first}: {why}" if why else first, *candidate.flags[1:]])


def feedback(result: ClaimResult, position: int, decision: Decision) -> str:
    """The one line said after a decision, e.g. "claim 1: confirmed #1 38011560 · review: ..."."""
    head = f"claim {position + 1}: "
    verdict = decision.verdict
    if verdict is Verdict.CONFIRMED:
        rank, chosen = next(
            (i, c)
            for i, c in enumerate(result.candidates, start=1)
            if c.record.id == decision.candidate
        )
        text = f"{head}confirmed #{rank} {record_label(chosen.record)}"
        summary = _flag_summary(chosen)
        text += f" · {summary}" if summary else ""
    elif verdict is Verdict.NOTE:
        return f"{head}note saved"
    else:
        text = head + ("rejected every candidate" if verdict is Verdict.REJECTED else "unsure")
    return text + (" · note saved" if decision.note else "")


class _Hooks(Struct):
    read: Callable[[], str | None]
    show: ShowFn
    say: Callable[[str], None]
    record: Callable[[Decision], None]
    open_url: Callable[[str], None]
    ask: Callable[[str], bool] | None
    more: MoreFn | None
    reviewer: str | None
    clock: Callable[[], str]
    redraw_every_key: bool


class _Session(Struct):
    """The state of one review: the queue, the latest decisions, where we are."""

    queue: list[ClaimResult]
    latest: dict[str, Decision]
    hooks: _Hooks
    pos: int
    outcome: ReviewOutcome = field(default_factory=ReviewOutcome)
    at_end: bool = False
    """Past the last claim: only n, o, b, ? and q apply (to the last claim)."""

    @property
    def current(self) -> ClaimResult:
        return self.queue[self.pos]

    def decide(self, verdict: Verdict, candidate: str | None, note: str) -> None:
        """Record one decision on the current claim and say what it was."""
        result = self.current
        decision = Decision(
            claim_id=result.claim.id,
            verdict=verdict,
            candidate=candidate,
            note=note or None,
            at=self.hooks.clock(),
            reviewer=self.hooks.reviewer,
        )
        self.hooks.record(decision)
        self.outcome.made.append(decision)
        previous = [self.latest[result.claim.id]] if result.claim.id in self.latest else []
        self.latest[result.claim.id] = merge_latest([*previous, decision])[result.claim.id]
        self.hooks.say(feedback(result, self.pos, decision))

    def confirm(self, cmd: Command) -> int:
        """`c N`: confirm candidate N, asking first when it is flagged. Returns the step."""
        candidate = self.current.candidates[(cmd.number or 1) - 1]
        if candidate.flags and self.hooks.ask is not None:
            flags = ", ".join(candidate.flags)
            question = f"#{cmd.number} is flagged {flags}: confirm it anyway? (y/n)"
            if not self.hooks.ask(question):
                self.hooks.say(f"claim {self.pos + 1}: not confirmed")
                return 0
        self.decide(Verdict.CONFIRMED, candidate.record.id, cmd.text)
        return 1

    def open(self, number: int) -> None:
        url = record_url(self.current.candidates[number - 1].record)
        if url is None:
            self.hooks.say("this record has no link")
        else:
            self.hooks.open_url(url)

    def more(self) -> None:
        if self.hooks.more is None or len(self.current.candidates) == 0:
            self.hooks.say("no more candidates")
        else:
            self.hooks.more(self.current, self.latest.get(self.current.claim.id))

    def step_for(self, cmd: Command) -> int:
        """Carry out `cmd` on the current claim; return how far to move (-1, 0 or 1)."""
        count = len(self.current.candidates)
        if cmd.key in ("c", "o") and not 1 <= (cmd.number or 0) <= count:
            self.hooks.say(f"no candidate {cmd.number}: this claim has {count}")
            return 0
        if cmd.key == "c":
            return self.confirm(cmd)
        if cmd.key in ("r", "u"):
            self.decide(Verdict.REJECTED if cmd.key == "r" else Verdict.UNSURE, None, cmd.text)
            return 1
        if cmd.key == "n":
            self.decide(Verdict.NOTE, None, cmd.text)
        elif cmd.key == "o":
            self.open(cmd.number or 1)
        elif cmd.key == "m":
            self.more()
        elif cmd.key == "s":
            self.hooks.say(f"claim {self.pos + 1}: skipped")
            return 1
        elif cmd.key == "b":
            if self.pos == 0:
                self.hooks.say("already at the first claim")
                return 0
            self.hooks.say(f"back to claim {self.pos}")
            return -1
        else:
            for line in HELP_LINES:
                self.hooks.say(line)
        return 0

    def at_end_command(self, cmd: Command) -> None:
        """A command after the last claim: n notes it, o opens, b goes back to it."""
        if cmd.key == "b":
            self.at_end = False
            self.outcome.ended = "quit"
            self.hooks.say(f"back to claim {self.pos + 1}")
        elif cmd.key in ("n", "o", "?"):
            self.step_for(cmd)
        else:
            self.hooks.say(
                f"end of the list: n TEXT notes claim {self.pos + 1}, b goes back, q quits"
            )

    def move(self, step: int) -> None:
        """Move by `step`; past the last claim, say so and wait for a note, back or quit."""
        if step > 0 and self.pos + 1 >= len(self.queue):
            done = sum(is_reviewed(self.latest.get(r.claim.id)) for r in self.queue)
            self.hooks.say(f"end of the list: {done} of {len(self.queue)} claims reviewed")
            self.at_end = True
            self.outcome.ended = "done"
            return
        self.pos += step

    def run(self) -> None:
        """Read and carry out commands until quit or end of input. The claim is shown when the
        position changes and, with `redraw_every_key` (a terminal), after every command but `m`
        (whose list would be cleared), so its decision and the feedback are always on screen."""
        shown, redraw = -1, True
        while True:
            if redraw or (not self.at_end and shown != self.pos):
                self.hooks.show(
                    self.current, self.latest.get(self.current.claim.id), self.pos, len(self.queue)
                )
                shown = self.pos
            line = self.hooks.read()
            if line is None:
                break
            if not line.strip():
                redraw = False
                continue
            try:
                cmd = parse_command(line)
            except ValueError as exc:
                self.hooks.say(f"{exc}. {HELP}")
                redraw = self.hooks.redraw_every_key
                continue
            if cmd.key == "q":
                break
            redraw = self.hooks.redraw_every_key and cmd.key != "m"
            if self.at_end:
                self.at_end_command(cmd)
                shown = shown if self.at_end else -1
            else:
                self.move(self.step_for(cmd))
        self.outcome.position = self.pos


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
    ask: Callable[[str], bool] | None = None,
    more: MoreFn | None = None,
    redraw_every_key: bool = False,
) -> ReviewOutcome:
    """Run the loop until quit or end of input.

    `read` returns the next command line, or None at end of input (treated as quit).
    `record` must persist a decision before returning. `ask(question)` answers y/n before a
    flagged candidate is confirmed (None: confirm without asking, as scripts do). `more` shows
    the candidates after the top three. `redraw_every_key` shows the claim again after every
    command (a terminal that clears the screen for each). Ctrl-C propagates to the caller; every decision recorded
    before it is kept.
    """
    latest = dict(decisions or {})
    for r in results:
        if r.decision is not None and r.claim.id not in latest:
            latest[r.claim.id] = r.decision
    queue = [r for r in results if filters.keep(r, latest.get(r.claim.id))]
    if not queue:
        say("nothing to review with these filters")
        return ReviewOutcome(ended="empty")
    hooks = _Hooks(read, show, say, record, open_url, ask, more, reviewer, clock, redraw_every_key)
    session = _Session(queue, latest, hooks, pos=start_position(queue, latest))
    reviewed = sum(is_reviewed(latest.get(r.claim.id)) for r in queue)
    if reviewed == len(queue):
        say(f"all {len(queue)} claims already have a verdict; starting at the first")
    elif session.pos:
        say(f"resuming at claim {session.pos + 1} of {len(queue)} ({reviewed} reviewed)")
    session.run()
    return session.outcome
