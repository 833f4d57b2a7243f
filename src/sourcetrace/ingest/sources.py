"""Targets (files, directories, URLs, ``-``) to ``(origin, bytes)`` sources.

This is the only module here that touches the file system, standard input and the
network; sizes are checked before anything is read whole.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sourcetrace.errors import InputError, TooLarge
from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.fetch import fetch
from sourcetrace.ingest.sidecar import is_sidecar

STDIN = "-"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _too_large(origin: str, size: int, limits: Limits) -> Rejected:
    return Rejected(origin, TooLarge.code,
                    f"{size} bytes is over the {limits.max_bytes}-byte limit; split the file or raise max_bytes")


def read_limited(stream: BinaryIO, origin: str, limits: Limits) -> tuple[str, bytes] | Rejected:
    """Reads at most ``max_bytes`` + 1 bytes, so an oversized stream is never held whole."""
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        return Rejected(origin, TooLarge.code,
                        f"more than {limits.max_bytes} bytes; split the input or raise max_bytes", data[:512])
    return origin, data


def read_file(path: Path, origin: str, limits: Limits) -> tuple[str, bytes] | Rejected:
    """One file, refused without reading when its size is over the limit."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            return _too_large(origin, size, limits)
        with path.open("rb") as fh:
            return read_limited(fh, origin, limits)
    except OSError as exc:
        return Rejected(origin, "unreadable", f"cannot read {origin}: {exc.strerror or exc}")


def walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` in sorted order, skipping hidden files and folders and sidecars."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and not is_sidecar(Path(dirpath) / name):
                yield Path(dirpath) / name


def iter_sources(targets: list[str], limits: Limits) -> Iterator[tuple[str, bytes] | Rejected]:
    """Yields each target's bytes, or a rejection saying why it could not be read."""
    for target in targets:
        if target == STDIN:
            yield read_limited(sys.stdin.buffer, "<stdin>", limits)
        elif _URL.match(target):
            try:
                final_url, _ctype, body = fetch(target, limits)
            except InputError as exc:
                yield Rejected(target, exc.code, str(exc))
            else:
                yield final_url, body
        else:
            path = Path(target)
            if path.is_dir():
                for file in walk(path):
                    yield read_file(file, str(file), limits)
            elif path.exists():
                yield read_file(path, target, limits)
            else:
                yield Rejected(target, "not_found", f"no such file or directory: {target}")
