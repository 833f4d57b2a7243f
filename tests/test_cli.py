"""The command line: help everywhere, exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sourcetrace import __version__
from sourcetrace.cli import cli, main


def run(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Runs the real console entry point in a subprocess, as a user would."""
    argv = [sys.executable, "-m", "sourcetrace.cli"]
    if db is not None:
        argv += ["--db", str(db)]
    return subprocess.run(argv + list(args), capture_output=True, text=True, timeout=300)


def command_names() -> list[str]:
    return sorted(cli.commands)


def test_version_prints_the_package_version() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert __version__ in out.stdout


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([name, "--help"]) == 0
    text = capsys.readouterr().out
    assert f"Usage: sourcetrace {name}" in text
    assert len(text.splitlines()) > 3


def test_unknown_command_is_a_usage_error() -> None:
    out = run("frobnicate")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "No such command" in out.stderr


def test_unknown_document_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    out = run("show", "deadbeef00", db=tmp_path / "s.db")
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0
    assert "no document" in out.stderr and "Traceback" not in out.stderr


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    out = run("docs", db=tmp_path / "missing-dir" / "x.db")
    assert out.returncode == 1
    assert out.stderr.startswith("error: cannot open the database")
    assert "Traceback" not in out.stderr


def test_docs_on_an_empty_store_says_so(tmp_path: Path) -> None:
    out = run("docs", db=tmp_path / "s.db")
    assert out.returncode == 0
    assert "no documents" in out.stderr
