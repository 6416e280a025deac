"""The click command line (issue 16): light imports at start-up, and the contract it keeps.

Start-up is checked in fresh interpreters: `import litcheck.cli` and every `--help` must not load
rich, httpx, Bio, pydantic, typer or litcheck's models, formats and claims.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from litcheck.cli import COMMAND_MODULES, COMMANDS, app
from litcheck.cli.common import OUTPUT_FORMATS, reset_consoles
from litcheck.errors import InputError

HEAVY = ("rich", "httpx", "Bio", "pydantic", "typer", "litcheck.models", "litcheck.formats")
HEAVY += ("litcheck.claims", "litcheck.check", "litcheck.sources", "litcheck.settings")

_LOADED = """
import json, sys
{body}
print(json.dumps(sorted(sys.modules)))
"""


def _loaded_after(body: str) -> list[str]:
    """Every module loaded in a fresh interpreter after running `body`."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADED.format(body=body)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def _heavy_after(body: str) -> list[str]:
    """The HEAVY modules (or their submodules) loaded after running `body`."""
    return [m for m in _loaded_after(body) if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_importing_the_cli_loads_click_and_no_command_module() -> None:
    loaded = _loaded_after("import litcheck.cli")
    assert "click" in loaded
    assert [m for m in loaded if m.startswith("litcheck")] == [
        "litcheck",
        "litcheck.cli",
        "litcheck.cli.base",
    ]
    assert _heavy_after("import litcheck.cli") == []


def test_running_a_command_imports_its_module_only() -> None:
    body = (
        "import io, contextlib\n"
        "from litcheck.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    app.main(['claim', '--help'], prog_name='litcheck', standalone_mode=False)\n"
    )
    commands = [m for m in _loaded_after(body) if m.rsplit(".", 1)[-1] in COMMAND_MODULES]
    assert commands == ["litcheck.cli.claim"]


def test_the_group_lists_every_command_in_order() -> None:
    ctx = click.Context(app)
    assert app.list_commands(ctx) == [name for name, _module in COMMANDS]
    assert all(app.get_command(ctx, name) is not None for name, _module in COMMANDS)
    assert app.get_command(ctx, "nope") is None


@pytest.mark.parametrize(
    "argv", [[], ["claim"], ["check"], ["corpus"], ["corpus", "build"], ["eval"], ["review"]]
)
def test_help_renders_without_rich_or_the_models(argv: list[str]) -> None:
    body = (
        "import io, contextlib\n"
        "from litcheck.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = app.main({[*argv, '--help']!r}, prog_name='litcheck', standalone_mode=False)\n"
        "assert code == 0 and 'Usage: litcheck' in out.getvalue(), out.getvalue()"
    )
    assert _heavy_after(body) == []


def test_a_claim_answered_in_a_table_never_imports_rich() -> None:
    """Rich's import and layout were 30% of a warm claim: the table is drawn without it."""
    body = (
        "import io, contextlib\n"
        "from litcheck.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out, "
        "contextlib.redirect_stderr(io.StringIO()):\n"
        "    app.main(['claim', 'Statins reduce atrial fibrillation after surgery.', '--sources',"
        " 'sample'], prog_name='litcheck', standalone_mode=False)\n"
        "assert 'title · evidence' in out.getvalue(), out.getvalue()"
    )
    loaded = _loaded_after(body)
    assert "litcheck.formats.table" in loaded
    assert [m for m in loaded if m == "rich" or m.startswith("rich.")] == []
    # nor logging (nothing logged) nor concurrent.futures (one claim, searched in this thread)
    assert "logging" not in loaded and "concurrent.futures" not in loaded


def test_python_dash_m_litcheck_shows_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "litcheck", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "claim" in done.stdout and "Commands:" in done.stdout


def test_format_choices_are_the_output_formats() -> None:
    from litcheck.formats import OutputFormat

    assert tuple(f.value for f in OutputFormat) == OUTPUT_FORMATS


def _invoke(*args: str):
    reset_consoles()
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("argv", [[], ["corpus"], ["cache"]])
def test_a_group_without_a_command_shows_its_help_and_exits_2(argv: list[str]) -> None:
    result = _invoke(*argv)
    assert result.exit_code == 2 and "Usage:" in result.output and "Commands:" in result.output


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["claim", "x", "--limit", "0"], "0 is not in the range 1<=x<=100"),
        (["claim", "x", "-n", "101"], "101 is not in the range 1<=x<=100"),
        (["check", "f.txt", "--workers", "33"], "33 is not in the range 1<=x<=32"),
        (["check", "f.txt", "--workers", "0"], "0 is not in the range 1<=x<=32"),
        (["claim", "x", "--line", "0"], "0 is not in the range x>=1"),
        (["eval", "c.jsonl", "--max-claims", "0"], "0 is not in the range x>=1"),
        (["claim", "x", "--format", "TABLE"], "'TABLE' is not one of 'table', 'json'"),
        (["claim", "x", "-f", "yaml"], "'yaml' is not one of"),
        (["extract", "a.txt", "--format", "json"], "'json' is not one of 'text', 'jsonl'"),
        (["claim"], "Missing argument 'TEXT'"),
        (["corpus", "build", "a.xml"], "Missing option '--out'"),
        (["corpus", "build", "--out", "ix"], "Missing argument 'SOURCES...'"),
        (["claim", "x", "--nope"], "No such option"),
        (["nope"], "No such command 'nope'"),
    ],
)
def test_usage_errors_exit_2_with_clicks_message(argv: list[str], message: str) -> None:
    result = _invoke(*argv)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Usage: " in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [([], None), (["--extract"], True), (["--no-extract"], False)],
)
def test_extract_flag_pair_is_true_false_or_detect(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], expected: bool | None
) -> None:
    seen: list[bool | None] = []

    def read(path: Path, vocab: object, *, extract: bool | None = None) -> object:
        seen.append(extract)
        raise InputError("stop here", tip="a test")

    monkeypatch.setattr("litcheck.claims.read.read_claims_file", read)
    result = _invoke("check", "claims.txt", *argv)
    assert seen == [expected]
    assert result.exit_code == 2 and "error: stop here" in result.stderr
    assert "tip: a test" in result.stderr and "Traceback" not in result.output


def test_ctrl_c_exits_130_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(text: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("litcheck.check.session.claim_text_from_arg", interrupted)
    result = _invoke("claim", "Ketamine treats depression.")
    assert result.exit_code == 130
    assert result.stderr.startswith("interrupted: everything finished before Ctrl-C is kept")
    assert "Aborted" not in result.output


@pytest.mark.parametrize(
    ("argv", "defaults"),
    [
        (["claim", "x"], {"output_format": "table", "limit": 10, "detail": False}),
        (["check", "f"], {"output_format": None, "workers": 4, "extract": None, "limit": 10}),
        (["report"], {"output": Path("report"), "html": True, "include_unreviewed": False}),
        (["corpus", "build", "a", "-o", "ix"], {"optimize": True, "out": Path("ix")}),
        (["corpus", "search", "ix", "t"], {"limit": 20, "fmt": "text"}),
        (["eval", "c"], {"limit": 10, "max_claims": None, "semantic": False}),
        (["review"], {"results": None, "min_confidence": None, "unreviewed": False}),
    ],
)
def test_defaults_are_unchanged(argv: list[str], defaults: dict[str, object]) -> None:
    group: click.Group = app
    name, rest = argv[0], argv[1:]
    if name in ("corpus", "cache"):
        sub = app.get_command(click.Context(app), name)
        assert isinstance(sub, click.Group)
        group, name, rest = sub, argv[1], argv[2:]
    command = group.get_command(click.Context(group), name)
    assert command is not None
    ctx = command.make_context(name, list(rest))
    for key, value in defaults.items():
        assert ctx.params[key] == value, key


def test_emoji_codes_in_messages_stay_text(capsys: pytest.CaptureFixture[str]) -> None:
    """Outside text is escaped for markup; rich would still turn ":pill:" into an emoji."""
    from rich.markup import escape

    from litcheck.cli.common import err_console

    reset_consoles()
    err_console().print(escape("the claim says :pill: twice a day"))
    assert ":pill:" in capsys.readouterr().err


def test_every_command_but_claim_runs_with_the_garbage_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The console script starts with gc off (litcheck.entry); only `claim` keeps it off."""
    import gc

    ctx = click.Context(app)
    monkeypatch.setattr(gc, "enable", lambda: enabled.append(True))
    enabled: list[bool] = []
    app.get_command(ctx, "claim")
    assert enabled == []
    for name, _module in COMMANDS:
        if name != "claim":
            app.get_command(ctx, name)
    assert len(enabled) == len(COMMANDS) - 1
