"""The README documents every command, and its CLI reference is what --help prints."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sourcetrace.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _reference_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_cli_reference_is_current() -> None:
    module = _reference_module()
    text = module.README.read_text(encoding="utf-8")
    assert module.updated(text) == text, "run: python scripts/cli_reference.py"


def test_readme_names_every_command_and_the_two_make_targets() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"sourcetrace {name}" in text
    assert "make demo" in text and "make test" in text
