"""Regenerates the CLI reference in README.md from the commands' own --help.

Run `python scripts/cli_reference.py` after changing a command; tests/test_docs.py fails
when the README's copy drifts from what `--help` prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sourcetrace.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def _walk(command: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            found += _walk(command.commands[name], path + [name])
    return found


def reference() -> str:
    """Markdown: one section per command with its --help text."""
    parts = []
    for path, command in _walk(cli, ["sourcetrace"]):
        with click.Context(command, info_name=" ".join(path), terminal_width=100, max_content_width=100) as ctx:
            text = command.get_help(ctx)
        parts.append(f"### `{' '.join(path)}`\n\n```\n{text}\n```\n")
    return "\n".join(parts)


def updated(readme: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{reference()}{END}{tail}"


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in sys.argv:
        sys.exit(0 if new == text else "README.md's CLI reference is stale: run python scripts/cli_reference.py")
    README.write_text(new, encoding="utf-8")
