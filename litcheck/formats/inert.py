"""Make outside text inert in every output: CSV cells, Markdown, terminal screens, links.

Claims, notes, record titles, abstracts, journals, authors and ids come from files and services
litcheck does not control. Every writer passes such text through one of these functions. None of
them drops ordinary text (words, digits, punctuation): escaping keeps what a reader sees, and only
escape sequences and control characters are removed.

- CSV (`csv_cell`, `csv_line`): OWASP's CSV-injection advice
  (https://owasp.org/www-community/attacks/CSV_Injection): a cell that begins with `=`, `+`,
  `-`, `@`, tab or carriage return is read as a formula by Excel, LibreOffice and Google Sheets,
  so it gets a leading single quote `'` and is always written quoted. Numbers litcheck writes
  itself (int and float cells) are left as they are.
- Markdown (`md_text`, `md_code`, `md_link`): HTML is escaped (`<script>` becomes
  `&lt;script&gt;`), and the characters that make links, code and table cells
  (`\\ | [ ] ( )` and the backtick) are backslash-escaped; line breaks become spaces.
- Terminal (`terminal_text`): ANSI/VT escape sequences (CSI `ESC [`, OSC `ESC ]` such as OSC-8
  hyperlinks and window titles, other `ESC x` sequences), C0 and C1 control characters (BEL,
  clear screen, 8-bit CSI) and bidirectional overrides are removed; tabs and line breaks become
  spaces. Rich renders the result through `Text`, which never interprets `[bold]`-style markup.
- Plain text (`plain_text`, for BibTeX and RIS, which have no HTML): PubMed's inline tags
  (`<i>`, `<sup>`) are dropped, entities decoded, controls removed, spaces collapsed.
- Links (`safe_url`, `record_link`): only `http(s)` URLs without spaces, quotes, brackets or
  parentheses are linked; a PubMed record is linked only when its PMID is all digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from litcheck.models import Record

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""OWASP: cells starting with these are formulas to a spreadsheet."""

# Patterns as strings, compiled by `re` (and kept in its cache) on first use: a claim's table
# seldom meets text that needs them (see terminal_text), and reports alone use the last five.
_ESCAPE_SEQUENCE = r"""(?x)
    \x1b\[[0-?]*[ -/]*[@-~]                 # CSI: colours, cursor moves, clear screen
    | \x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\|$)  # OSC/DCS/SOS/PM/APC up to BEL or ST
    | \x1b[ -/]*[0-~]                        # other ESC sequences (ESC c resets the terminal)
    | \x9b[0-?]*[ -/]*[@-~]                  # 8-bit CSI (other C1 controls: _CONTROL)
    """
_CONTROL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_TAG = r"<[^>]+>"
_SPACES = r"\s+"
_BREAKS = r"[\t\n\r\v\f\u2028\u2029]+"
_MD_SPECIAL = r"([\\`\[\]()|])"
_DIGITS = r"[0-9]{1,12}"
_SAFE_URL = r"https?://[A-Za-z0-9.\-]+(?::\d+)?(?:/[A-Za-z0-9\-._~/?#@!$&+,;=%:]*)?"


def terminal_text(text: object) -> str:
    """`text` without escape sequences or control characters; breaks become single spaces."""
    plain = str(text or "")
    if plain.isprintable():  # no escape, control, break or bidi character: nothing to remove
        return plain
    plain = re.sub(_ESCAPE_SEQUENCE, "", plain)
    plain = re.sub(_BREAKS, " ", plain)
    return re.sub(_CONTROL, "", plain)


def plain_text(text: str) -> str:
    """`text` without inline HTML tags or controls, entities decoded, on one trimmed line."""
    import html  # with its entity table: only reports need it, never a claim's table

    return re.sub(_SPACES, " ", terminal_text(html.unescape(re.sub(_TAG, "", text)))).strip()


def csv_cell(value: object) -> str | int | float:
    """One CSV cell: numbers as they are, text neutralised when a spreadsheet would run it.

    None becomes "". A string starting with one of `CSV_FORMULA_START` gets a leading `'`
    (OWASP CSV injection); `csv_line` then always quotes it.
    """
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def csv_line(values: Iterable[object]) -> str:
    """One RFC 4180 CSV record (ending in "\\n") of `values` passed through `csv_cell`.

    A cell is quoted when it holds a comma, a quote or a line break, or was neutralised.
    """
    cells: list[str] = []
    for value in values:
        cell = csv_cell(value)
        if not isinstance(cell, str):
            cells.append(str(cell))
        elif cell.startswith("'") or any(ch in cell for ch in ',"\r\n'):
            cells.append(_quoted(cell))
        else:
            cells.append(cell)
    return ",".join(cells) + "\n"


def csv_text(columns: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """A whole CSV document: the header `columns`, then one `csv_line` per row."""
    return csv_line(columns) + "".join(csv_line(row) for row in rows)


def md_text(text: object) -> str:
    """Text for a Markdown paragraph, heading or table cell: inert, on one line."""
    import html

    plain = terminal_text(text).strip()
    return re.sub(_MD_SPECIAL, r"\\\1", html.escape(plain, quote=False))


def md_code(text: object, *, cell: bool = False) -> str:
    """`text` as a Markdown code span (fence longer than any backtick run inside).

    With `cell=True` (inside a table) `|` is escaped too: GFM ends a cell at a bare `|` even in
    a code span, and shows `\\|` there as `|`.
    """
    plain = terminal_text(text)
    if cell:
        plain = plain.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", plain)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if plain.startswith("`") or plain.endswith("`") else ""
    return f"{fence}{pad}{plain}{pad}{fence}"


def safe_url(url: str | None) -> str | None:
    """`url` when it is a plain http(s) URL that cannot break out of a link; else None."""
    if url and re.fullmatch(_SAFE_URL, url):
        return url
    return None


def record_label(record: Record) -> str:
    """The id people know `record` by, inert: its FDA application number, else its PMID, else
    its own id (tables and the review screen)."""
    if record.fda is not None:
        return terminal_text(record.fda.application_number)
    return terminal_text(record.pmid or record.native_id)


def record_link(record: Record) -> str | None:
    """The URL to link `record` with, or None (bad PMID, no URL, or an unsafe one)."""
    if record.pmid is not None and not re.fullmatch(_DIGITS, record.pmid):
        return None
    url = safe_url(record.url)
    if url is None and record.pmid:
        url = f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"
    return url


def md_link(label: object, record: Record | None) -> str:
    """`[label](url)` for a record that has a safe link; the escaped label alone otherwise."""
    text = md_text(label)
    url = record_link(record) if record is not None else None
    return f"[{text}]({url})" if url and text else text
