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


def _walk(command: click.Command, name: str, parent: click.Context | None) -> list[tuple[str, str]]:
    """(full command path, help text) for ``command`` and its subcommands, depth first.

    Contexts are chained as a real invocation chains them, so settings such as ``-h``
    are inherited exactly as a user sees them.
    """
    settings = {"terminal_width": 100, "max_content_width": 100}
    if parent is None:
        settings.update(command.context_settings)
    ctx = click.Context(command, info_name=name, parent=parent, **settings)
    found = [(ctx.command_path, command.get_help(ctx))]
    if isinstance(command, click.Group):
        for sub in sorted(command.commands):
            found += _walk(command.commands[sub], sub, ctx)
    return found


def reference() -> str:
    """Markdown: one section per command with its --help text."""
    return "\n".join(f"### `{path}`\n\n```\n{text}\n```\n" for path, text in _walk(cli, "sourcetrace", None))


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
