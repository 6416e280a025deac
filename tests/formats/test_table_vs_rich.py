"""The terminal table prints exactly what the rich renderer of 0fb44eb printed.

Except on a screen so narrow that rich left the title column fewer than `TITLE_CELLS` cells
(down to none): there litcheck stacks the candidates instead (tests/formats/test_stacked.py),
and those (set, width) pairs are not compared; from 80 columns on, every pair is.

`tests/formats/rich_reference.py` is that renderer, frozen. Here many results, drawn from a
seeded `random.Random` (no hypothesis), go through both at many widths, with and without
--detail:

- plain output must be byte-identical;
- coloured output must give every printed character the same SGR attributes (compared after
  decoding the escape sequences, so equivalent sequences are accepted) and the same text;
- wide characters (CJK, emoji) never push a line past the width.

A failure prints the seed, the set index, the width and a unified diff of the lines (as repr).
`result_set(i)` rebuilds set `i` to debug it.
"""

from __future__ import annotations

import difflib
import random
import re
import string
from collections.abc import Iterator
from functools import cache

import pytest
from rich.cells import cell_len

from litcheck.formats.table import TableFormatter, _candidates
from litcheck.models import (
    Candidate,
    Claim,
    ClaimContext,
    ClaimResult,
    Decision,
    Evidence,
    FdaFacts,
    Inherited,
    Origin,
    Query,
    QueryRun,
    Record,
    Status,
    Verdict,
    claim_id,
)
from tests.formats.rich_reference import reference_format
from tests.formats.samples import hostile_result, rich_results

SEED = 20261207
SETS = 24
"""Generated result sets (1-3 results each); set `i` is drawn from Random(SEED * 1000 + i).
The first result of set `i` has status `i % 4` and candidate count `(i // 4) % 4`, so 24 sets
go once and a half through the 16 pairs."""
WIDTHS = (20, 30, 40, 52, 60, 72, 80, 100, 120, 160, 250)
COLOUR_WIDTHS = (40, 80, 120)
STATUSES = tuple(Status)
CANDIDATE_COUNTS = (0, 1, 3, 12)
FLAGS = (
    "retracted",
    "expression-of-concern",
    "animal-only",
    "in-vitro",
    "review",
    "preprint",
    "year-mismatch",
    "different-ingredient",
    "different-indication",
    "some-unknown-flag",
)


@pytest.fixture(autouse=True)
def _fixed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """rich picks its colour system from the environment: pin it, so both renderers (and every
    machine) see the same terminal."""
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("COLORTERM", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


# --------------------------------------------------------------------------------------------
# Words and text
# --------------------------------------------------------------------------------------------

SHORT = (
    "a", "of", "in", "to", "is", "and", "the", "mice", "rats", "dose", "oral", "IV", "trial",
    "ketamine", "depression", "pain", "sleep", "statin", "risk", "cohort", "effect", "vs",
    "n=12", "p<0.05", "RCT", "(2019)", "[sic]", "50%", "3", "h", "x",
)  # fmt: skip
HYPHENATED = (
    "treatment-resistant", "double-blind", "placebo-controlled", "N-methyl-D-aspartate",
    "dose-dependent", "long-term", "well-tolerated", "anti-inflammatory", "first-in-human",
    "non-inferiority", "self-reported", "5-HT2A-receptor",
)  # fmt: skip
NON_ASCII = (
    "café", "Straße", "naïve", "α-synuclein", "β-blocker", "µg/kg", "±0.5", "≥18",
    "“quoted”", "—", "–", "·", "…", "µmol", "Größe", "ß", "α", "β", "Müller–Lyer",
    "p≥0.05", "José", "“open-label”", "risk—benefit", "a·b", "wait…",
)  # fmt: skip
LONG_FIXED = (
    "pneumonoultramicroscopicsilicovolcanoconiosis",  # 45
    "hexakosioihexekontahexaphobia",  # 29
    "methylenedioxymethamphetamine-assisted-psychotherapy",  # 52
    "électroencéphalographiquement-indéterminé-ß",  # 43, non-ASCII inside
)
_LETTERS = string.ascii_letters + "éßαβµ"
CJK = ("抗うつ薬ケタミンの効果", "うつ病", "臨床試験", "ケタミン", "小鼠模型中的抗抑郁作用")
EMOJI = ("💊", "🧪", "💊💊", "🐁")


def long_word(rng: random.Random, low: int = 25, high: int = 60) -> str:
    """A word of `low`..`high` characters, longer than any column (sometimes hyphenated)."""
    if rng.random() < 0.3:
        return rng.choice(LONG_FIXED)
    word = "".join(rng.choice(_LETTERS) for _ in range(rng.randint(low, high)))
    if rng.random() < 0.3:
        cut = rng.randint(5, len(word) - 5)
        word = word[:cut] + "-" + word[cut:]
    return word


def word(rng: random.Random, *, wide: bool = False) -> str:
    roll = rng.random()
    if wide and roll < 0.3:
        return rng.choice(CJK + EMOJI)
    if roll < 0.55:
        return rng.choice(SHORT)
    if roll < 0.72:
        return rng.choice(HYPHENATED)
    if roll < 0.92:
        return rng.choice(NON_ASCII)
    return long_word(rng)


def text(rng: random.Random, low: int, high: int, *, wide: bool = False) -> str:
    """`low`..`high` words, mostly one space apart, now and then two or three; sometimes
    trailing (rarely leading) spaces, and rarely a line break (terminal_text makes it a space)."""
    words = [word(rng, wide=wide) for _ in range(rng.randint(low, high))]
    out = ""
    for i, w in enumerate(words):
        if i:
            out += rng.choices((" ", "  ", "   ", "\n"), weights=(85, 8, 5, 2))[0]
        out += w
    if rng.random() < 0.2:
        out += " " * rng.randint(1, 3)
    if rng.random() < 0.05:
        out = " " + out
    return out


# --------------------------------------------------------------------------------------------
# Records, candidates, claims, results
# --------------------------------------------------------------------------------------------

JOURNALS = (
    "J Test",
    "Proceedings of the National Academy of Sciences of the United States of America",
    "Revue médicale suisse",
    "Ärztliche Praxis — Neurologie · Psychiatrie",
)
SPONSORS = ("JANSSEN PHARMS", "HIKMA PHARMACEUTICALS USA INC", "LABORATOIRES SERVIER SAS É", "X")
FOUND_BY = (
    (),
    ("pubmed",),
    ("pubmed", "litsense"),
    ("litsense", "local:/data/indexes/pubmed-baseline-2026"),
    ("openfda",),
)
EVIDENCE_FIELDS = ("title", "abstract", "abstract:RESULTS", "indications_and_usage")


def record(rng: random.Random, *, wide: bool = False) -> Record:
    title = text(rng, 0, 25, wide=wide) if rng.random() > 0.03 else ""
    if rng.random() < 0.05:
        title = long_word(rng, 70, 130)  # one word wider than the column at every width
    year = rng.choice((None, 1970, 2019, 2023, 2026))
    if rng.random() < 0.3:
        number = rng.choice(("NDA", "ANDA", "BLA")) + str(rng.randint(1000, 999999))
        return Record(
            source="openfda",
            id=f"openfda:{number}",
            title=title,
            year=year,
            fda=FdaFacts(application_number=number, sponsor=rng.choice((*SPONSORS, None))),
        )
    journal = rng.choice((*JOURNALS, None))
    if wide and rng.random() < 0.5:
        journal = "日本精神神経学雑誌 臨床精神薬理"
    abbrev = rng.choice((None, None, "Proc Natl Acad Sci U S A", "J Test", "Rev Méd Suisse"))
    roll = rng.random()
    if roll < 0.8:
        pmid: str | None = str(rng.randint(1, 99999999))
        rid = f"pubmed:{pmid}"
    elif roll < 0.9:
        pmid, rid = None, "local:" + long_word(rng, 10, 40)  # ident wider than its column
    else:
        pmid, rid = None, "bare-id-without-colon"
    return Record(
        source="pubmed",
        id=rid,
        title=title,
        journal=journal,
        journal_abbrev=abbrev,
        year=year,
        pmid=pmid,
    )


def candidate(rng: random.Random, *, wide: bool = False) -> Candidate:
    flags = tuple(rng.sample(FLAGS, rng.choice((0, 0, 1, 1, 2, 3))))
    flag_reasons = {f: text(rng, 1, 10) for f in flags if rng.random() < 0.7}
    evidence = None
    if rng.random() < 0.8:
        evidence = Evidence(rng.choice(EVIDENCE_FIELDS), text(rng, 0, 30, wide=wide))
    confidence = rng.choice((0.0, 1.0, 0.5, 0.6, 0.995, 0.1666, 0.1667, rng.random()))
    return Candidate(
        record=record(rng, wide=wide),
        confidence=confidence,
        reasons=tuple(text(rng, 1, 8) for _ in range(rng.choice((0, 1, 2, 3, 5)))),
        flags=flags,
        flag_reasons=flag_reasons,
        evidence=evidence,
        found_by=rng.choice(FOUND_BY),
    )


def context(rng: random.Random, claim_text: str) -> ClaimContext:
    words = claim_text.split(" ")
    items: list[Inherited] = []
    for _ in range(rng.randint(1, 4)):
        value = rng.choice(("ketamine infusions", "Northwestern University", "2019", "mice"))
        if rng.random() < 0.4:
            value = text(rng, 1, 4)
        shown = rng.random() < 0.5
        if shown:
            words.insert(rng.randint(0, len(words)), f"[{value}]")
        items.append(
            Inherited(
                what=rng.choice(("they", "The study", "")),
                value=value,
                kind=rng.choice(("intervention", "institution", "year", "phrase")),
                from_line=rng.choice((None, 3, 25, 1234)),
            )
        )
    if rng.random() < 0.3:
        items.append(items[0])  # a repeated silent value is listed once
    return ClaimContext(checked_text=" ".join(words), inherited=tuple(items))


def claim(rng: random.Random, *, wide: bool = False) -> Claim:
    roll = rng.random()
    if roll < 0.1:
        claim_text = long_word(rng, 260, 320)  # one word wider than every width: rich folds it
    elif roll < 0.3:
        claim_text = text(rng, 35, 70, wide=wide)  # wraps at the console width
    else:
        claim_text = text(rng, 3, 25, wide=wide)
    origin = rng.choice(
        (
            Origin(),
            Origin("article.txt", 3),
            Origin("notes/2026/a-rather-long-folder-name/article.md", 1042),
            Origin("café.md", None),
        )
    )
    ctx = context(rng, claim_text) if rng.random() < 0.3 else None
    if ctx is None and rng.random() < 0.1:
        ctx = ClaimContext(checked_text=claim_text)  # a context that inherits nothing
    return Claim(id=claim_id(claim_text), text=claim_text, origin=origin, context=ctx)


def decision(rng: random.Random, c: Claim, candidates: tuple[Candidate, ...]) -> Decision | None:
    roll = rng.random()
    if roll < 0.4:
        return None
    note = rng.choice((None, "label checked", text(rng, 1, 20)))
    if roll < 0.65:
        target = rng.choice(candidates).record.id if candidates else "pubmed:1"
        if rng.random() < 0.2:
            target = "pubmed:000"  # confirmed, but none of the candidates shown
        return Decision(c.id, Verdict.CONFIRMED, target, note, "2026-01-01T00:00:00Z", "ana")
    verdict = rng.choice((Verdict.REJECTED, Verdict.UNSURE, Verdict.NOTE))
    return Decision(c.id, verdict, None, note, "2026-01-01T00:00:00Z")


def result(
    rng: random.Random, status: Status, n_candidates: int, *, wide: bool = False
) -> ClaimResult:
    c = claim(rng, wide=wide)
    candidates = tuple(candidate(rng, wide=wide) for _ in range(n_candidates))
    skipped = None
    if status is Status.SKIPPED or rng.random() < 0.05:
        skipped = rng.choice(("pubmed: timed out after 3 tries", text(rng, 1, 30)))
    errors = {
        rng.choice(("pubmed", "openfda", "litsense", "local:/idx")): text(rng, 1, 12)
        for _ in range(rng.choice((0, 0, 1, 2)))
    }
    queries = tuple(
        QueryRun(
            Query(rng.choice(("pubmed", "openfda")), text(rng, 1, 20)),
            count=rng.choice((0, 1, 812, 1234567)),
        )
        for _ in range(rng.choice((0, 1, 4)))
    )
    return ClaimResult(
        claim=c,
        status=status,
        candidates=candidates,
        queries=queries,
        skipped_reason=skipped,
        source_errors=errors,
        decision=decision(rng, c, candidates),
    )


@cache
def result_set(index: int) -> tuple[ClaimResult, ...]:
    """Set `index`: 1-3 results; the first cycles through every status x candidate count (only
    the first has 12 candidates: they cost the most time to draw)."""
    rng = random.Random(SEED * 1000 + index)
    first = result(rng, STATUSES[index % 4], CANDIDATE_COUNTS[(index // 4) % len(CANDIDATE_COUNTS)])
    others = tuple(
        result(rng, rng.choice(STATUSES), rng.choice(CANDIDATE_COUNTS[:3]))
        for _ in range(rng.choice((0, 0, 1, 2)))
    )
    return (first, *others)


def all_sets() -> Iterator[tuple[str, tuple[ClaimResult, ...]]]:
    """(a name to find it by, the results): the generated sets, then the fixed samples."""
    for i in range(SETS):
        yield f"seed {SEED}, result_set({i})", result_set(i)
    yield "samples.rich_results()", tuple(rich_results())
    yield "samples.hostile_result()", (hostile_result(),)


@cache
def wide_sets() -> tuple[tuple[ClaimResult, ...], ...]:
    """Results whose titles (and claims, evidence, journals) hold CJK and emoji."""
    sets = []
    for i in range(6):
        rng = random.Random(SEED * 1000 + 900 + i)
        results = tuple(
            result(rng, STATUSES[(i + k) % 4], CANDIDATE_COUNTS[1 + (i + k) % 3], wide=True)
            for k in range(2)
        )
        sets.append(results)
    fixed = rich_results()[0]
    cjk = tuple(
        Candidate(
            record=Record(
                source="pubmed",
                id=f"pubmed:{n}",
                pmid=str(n),
                title=title,
                journal="日本精神神経学雑誌",
                year=2020,
            ),
            confidence=0.7,
            reasons=("ケタミン in title",),
            evidence=Evidence("abstract", "💊 " + title),
        )
        for n, title in enumerate(
            ("抗うつ薬ケタミンの効果", "💊", "抗うつ薬ケタミンの効果 💊 " * 12, "💊" * 80), 1
        )
    )
    sets.append((ClaimResult(claim=fixed.claim, status=Status.MATCHED, candidates=cjk),))
    return tuple(sets)


# --------------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------------


def explain(name: str, width: int, detail: bool, color: bool, ours: str, ref: str) -> str:
    """Where two outputs differ: a unified diff of their lines as repr, and how to rerun."""
    diff = difflib.unified_diff(
        [repr(line) for line in ref.split("\n")],
        [repr(line) for line in ours.split("\n")],
        fromfile="rich reference (tests/formats/rich_reference.py)",
        tofile="TableFormatter",
        lineterm="",
        n=2,
    )
    head = f"{name}, width={width}, detail={detail}, color={color}"
    return head + "\n" + "\n".join(diff)


_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_FOREGROUND = {*range(30, 38), *range(90, 98), 38}
_BACKGROUND = {*range(40, 48), *range(100, 108), 48}
_OFF = {22: {"1", "2"}, 23: {"3"}, 24: {"4"}, 25: {"5"}, 27: {"7"}, 28: {"8"}, 29: {"9"}}


def _codes(params: str) -> Iterator[str]:
    """The attributes one SGR sequence's parameters set, an extended colour as one code
    ("38;5;208", "48;2;1;2;3"); "0" for a reset (also the empty sequence `ESC[m`)."""
    parts = params.split(";")
    i = 0
    while i < len(parts):
        part = parts[i] or "0"
        if part in ("38", "48") and i + 1 < len(parts):
            size = 3 if parts[i + 1] == "5" else 5
            yield ";".join(parts[i : i + size])
            i += size
        else:
            yield part
            i += 1


def decode_sgr(styled: str) -> list[tuple[str, frozenset[str]]]:
    """Each printed character of `styled` with the SGR attributes active on it.

    "0" or an empty parameter resets; 22-29 switch their attributes off (22: bold and dim);
    a new foreground (30-37, 90-97, 38;...) or background replaces the old one and 39/49 end it.
    Anything else is kept as given, so equal screens give equal lists whatever sequences drew
    them."""
    active: set[str] = set()
    out: list[tuple[str, frozenset[str]]] = []
    pos = 0
    for match in _SGR.finditer(styled):
        now = frozenset(active)
        out.extend((ch, now) for ch in styled[pos : match.start()])
        pos = match.end()
        for code in _codes(match.group(1)):
            number = int(code.split(";")[0])
            if number == 0:
                active.clear()
            elif number in _OFF:
                active -= _OFF[number]
            elif number in _FOREGROUND or number == 39:
                active -= {a for a in active if int(a.split(";")[0]) in _FOREGROUND}
                if number != 39:
                    active.add(code)
            elif number in _BACKGROUND or number == 49:
                active -= {a for a in active if int(a.split(";")[0]) in _BACKGROUND}
                if number != 49:
                    active.add(code)
            else:
                active.add(code)
    out.extend((ch, frozenset(active)) for ch in styled[pos:])
    return out


def strip_sgr(styled: str) -> str:
    return _SGR.sub("", styled)


def test_decode_sgr() -> None:
    f = frozenset
    assert decode_sgr("a\x1b[1;31mb\x1b[0mc") == [("a", f()), ("b", f({"1", "31"})), ("c", f())]
    assert decode_sgr("\x1b[2mx\x1b[my") == [("x", f({"2"})), ("y", f())]
    assert decode_sgr("\x1b[1m\x1b[2mx\x1b[22my") == [("x", f({"1", "2"})), ("y", f())]
    assert decode_sgr("\x1b[31m\x1b[32mx\x1b[39my") == [("x", f({"32"})), ("y", f())]
    assert decode_sgr("\x1b[1;37;41mx\x1b[49my") == [
        ("x", f({"1", "37", "41"})),
        ("y", f({"1", "37"})),
    ]
    assert decode_sgr("\x1b[38;5;208;1mx") == [("x", f({"38;5;208", "1"}))]
    assert decode_sgr("\x1b[48;2;1;2;3mx\x1b[0m\n") == [("x", f({"48;2;1;2;3"})), ("\n", f())]
    # Different sequences, same screen: equal.
    assert decode_sgr("\x1b[1m\x1b[31mab\x1b[0m") == decode_sgr("\x1b[31;1ma\x1b[0m\x1b[1;31mb")
    assert strip_sgr("\x1b[1;31mred\x1b[0m \x1b[mx") == "red x"


# --------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------


def test_generated_results_cover_every_feature() -> None:
    """Fewer SETS (or another SEED) must still exercise everything the renderer draws."""
    results = [r for i in range(SETS) for r in result_set(i)]
    candidates = [c for r in results for c in r.candidates]
    assert {r.status for r in results} == set(Status)
    assert {len(r.candidates) for r in results} >= set(CANDIDATE_COUNTS)
    assert {(r.status, len(r.candidates)) for r in result_set_firsts()} == {
        (s, n) for s in STATUSES for n in CANDIDATE_COUNTS
    }
    assert {f for c in candidates for f in c.flags} == set(FLAGS)
    assert any(c.flag_reasons for c in candidates)
    assert {c.found_by for c in candidates} == set(FOUND_BY)
    assert {r.decision.verdict for r in results if r.decision} == set(Verdict)
    assert any(r.decision and r.decision.note for r in results)
    assert any(r.decision and not r.decision.note for r in results)
    assert any(r.skipped_reason for r in results) and any(r.source_errors for r in results)
    assert any(len(r.queries) > 1 for r in results)
    assert any(r.claim.context and r.claim.context.inherited for r in results)
    assert any(r.claim.origin.file and r.claim.origin.line for r in results)
    assert any(len(r.claim.text) > 250 and " " not in r.claim.text for r in results)
    assert any(len(r.claim.text) > 250 and " " in r.claim.text for r in results)
    records = [c.record for c in candidates]
    assert any(r.fda and r.fda.sponsor for r in records)
    assert any(r.fda and not r.fda.sponsor for r in records)
    assert any(r.journal_abbrev for r in records) and any(r.year is None for r in records)
    assert any(not r.fda and not r.journal and not r.journal_abbrev for r in records)
    assert any(r.pmid is None for r in records if not r.fda)
    assert {c.evidence.field for c in candidates if c.evidence} == set(EVIDENCE_FIELDS)
    every = "".join(
        r.record.title + (r.evidence.text if r.evidence else "") + "".join(r.reasons)
        for r in candidates
    )
    assert all(w in every for w in ("é", "ß", "α", "β", "µ", "±", "≥", "“", "”", "—", "–"))
    assert all(w in every for w in ("·", "…", "  ", "-"))
    assert any(r.title.endswith(" ") for r in records)
    longest = max(len(w) for r in records for w in r.title.split())
    assert longest > 60  # a title word longer than any column


def result_set_firsts() -> list[ClaimResult]:
    return [result_set(i)[0] for i in range(SETS)]


def stacked(results: tuple[ClaimResult, ...], width: int, detail: bool) -> bool:
    """Whether some result's candidates are stacked at `width` (litcheck's own layout for a
    narrow screen, where rich's table left the title column fewer than TITLE_CELLS cells or
    did not fit at all)."""
    return any(
        _candidates(result, detail=detail).table_widths(width) is None
        for result in results
        if result.candidates
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_plain_output_is_byte_identical(width: int) -> None:
    failures = []
    for name, results in all_sets():
        for detail in (False, True):
            if stacked(results, width, detail):
                continue
            ours = TableFormatter(width=width, color=False, detail=detail).format(results)
            ref = reference_format(results, width=width, color=False, detail=detail)
            if ours != ref:
                failures.append(explain(name, width, detail, False, ours, ref))
    if failures:
        pytest.fail(f"{len(failures)} outputs differ; the first:\n{failures[0]}", pytrace=False)


@pytest.mark.parametrize("width", COLOUR_WIDTHS)
def test_colour_output_styles_every_cell_alike(width: int) -> None:
    failures = []
    for name, results in all_sets():
        for detail in (False, True):
            if stacked(results, width, detail):
                continue
            ours = TableFormatter(width=width, color=True, detail=detail).format(results)
            ref = reference_format(results, width=width, color=True, detail=detail)
            if ours == ref:  # the same bytes draw the same screen; no need to decode
                continue
            if strip_sgr(ours) != strip_sgr(ref) or decode_sgr(ours) != decode_sgr(ref):
                failures.append(explain(name, width, detail, True, ours, ref))
    if failures:
        pytest.fail(f"{len(failures)} outputs differ; the first:\n{failures[0]}", pytrace=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_width_is_compared_somewhere_or_stacked(width: int) -> None:
    """Rich's table is the reference wherever litcheck draws a table; from 80 columns on, always."""
    compared = sum(
        not stacked(results, width, detail) for _, results in all_sets() for detail in (False, True)
    )
    if width >= 80:
        assert compared == 2 * len(list(all_sets()))
    if width >= 60:
        assert compared > 0


def test_colour_output_is_coloured() -> None:
    """The comparison above means something: rich does emit SGR sequences here."""
    ref = reference_format(result_set(0), width=80, color=True, detail=False)
    assert "\x1b[" in ref
    assert any(codes for _, codes in decode_sgr(ref))


@pytest.mark.parametrize("width", (40, 80, 120))
def test_wide_characters_never_overflow(width: int) -> None:
    for i, results in enumerate(wide_sets()):
        for detail in (False, True):
            ours = TableFormatter(width=width, color=False, detail=detail).format(results)
            too_wide = [line for line in ours.splitlines() if cell_len(line) > width]
            assert not too_wide, f"wide_sets()[{i}], width={width}, detail={detail}: {too_wide}"
            if stacked(results, width, detail):
                continue
            ref = reference_format(results, width=width, color=False, detail=detail)
            assert ours == ref, explain(f"wide_sets()[{i}]", width, detail, False, ours, ref)
