"""The ingest batch end to end: storing, dedupe, rejects kept aside, exit codes, and
surviving a SIGKILL mid-batch with nothing committed lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sourcetrace.cli import DEMO_CORPUS
from sourcetrace.ingest.batch import ingest
from sourcetrace.store.documents import count_documents, list_rejects

BROKEN = DEMO_CORPUS / "broken"
#: Each deliberately broken demo file and the reject code it must get (see demo/BROKEN.md).
EXPECTED_REJECTS = {
    "empty.txt": "empty",
    "photo-not-text.txt": "binary",
    "mixed-encoding-cp1251.txt": "encoding",
    "misdeclared-charset.html": "encoding",
    "nav-only.html": "no_text",
    "one-bad-line.jsonl:2": "malformed",
    "malformed-feed.xml#1": "malformed",
    "not-gzip.warc.gz": "malformed",
    "truncated.txt.gz": "malformed",
    "truncated.warc.gz": "malformed",
}


def cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sourcetrace.cli", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=600)


def test_broken_files_are_kept_aside_with_reasons_and_the_batch_goes_on(store) -> None:
    summary = ingest(store, [str(BROKEN)], extract=False)
    got = {r["origin"].split("/broken/")[1]: r for r in list_rejects(store)}
    assert {name: r["code"] for name, r in got.items()} == EXPECTED_REJECTS
    for r in got.values():
        assert r["reason"] and "\n" not in r["reason"]
    # the two good lines of the JSONL file with one bad line still came through
    assert summary.new == 2 and count_documents(store) == 2
    assert summary.exit_code == 0


def test_second_run_stores_nothing_new_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text_dir = DEMO_CORPUS / "text"
    first = cli("ingest", "--no-extract", str(text_dir), db=db)
    assert first.returncode == 0, first.stderr
    assert " new, 0 duplicates, 0 rejected" in first.stdout
    again = cli("ingest", "--no-extract", str(text_dir), db=db)
    assert again.returncode == 0
    assert "nothing new" in again.stdout
    assert again.stdout.strip().endswith("0 rejected")
    assert again.stdout.splitlines()[-1].startswith("0 new")


def test_exit_status_is_1_when_nothing_could_be_ingested(tmp_path: Path) -> None:
    out = cli("ingest", str(BROKEN / "empty.txt"), str(BROKEN / "photo-not-text.txt"), db=tmp_path / "s.db")
    assert out.returncode == 1
    assert "0 new, 0 duplicates, 2 rejected" in out.stdout
    assert "Traceback" not in out.stderr


def test_exit_status_is_2_for_usage_errors(tmp_path: Path) -> None:
    out = cli("ingest", "--format", "pdf", str(BROKEN), db=tmp_path / "s.db")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and out.stderr.count("\n") == 1


def test_a_missing_path_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Kyiv said on Monday that its forces had pushed back an assault near Bakhmut.")
    out = cli("ingest", "--no-extract", str(tmp_path / "nope.txt"), str(good), db=tmp_path / "s.db")
    assert out.returncode == 0
    assert "1 new, 0 duplicates, 1 rejected" in out.stdout


def _write_many(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(
            f"Dispatch {i}. Officials in Kharkiv said a drone struck depot number {i} overnight, "
            f"and the regional governor said {i % 7} people were hurt.\n", encoding="utf-8")


def _count(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def test_sigkill_mid_batch_loses_nothing_committed_and_a_rerun_completes(tmp_path: Path) -> None:
    n = 1500
    corpus, db = tmp_path / "many", tmp_path / "kill.db"
    _write_many(corpus, n)
    proc = subprocess.Popen([sys.executable, "-m", "sourcetrace.cli", "--db", str(db), "ingest", "--no-extract",
                             str(corpus)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if db.exists() and proc.poll() is None:
            try:
                if _count(db) >= 100:
                    break
            except sqlite3.OperationalError:
                pass  # schema not created yet
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail("the batch finished before it could be killed; raise n")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT origin, text FROM documents").fetchall()
    stored = len(rows)
    assert 100 <= stored < n
    for origin, text in rows:  # every committed document is intact
        assert Path(origin).read_text(encoding="utf-8") == text

    rerun = cli("ingest", "--no-extract", str(corpus), db=db)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - stored} new, {stored} duplicates, 0 rejected" in rerun.stdout
    assert _count(db) == n


def test_an_extraction_failure_is_recorded_and_the_batch_goes_on(sqlite_store, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in one extractor on one article must not stop the others (nor lose the document)."""
    from sourcetrace.extract import pipeline

    real = pipeline.extract_parsed

    def flaky(doc, document):  # type: ignore[no-untyped-def]
        if "poisoned" in document.text:
            raise ValueError("invalid literal for int() with base 10: 'mdeluzgon'")
        return real(doc, document)

    monkeypatch.setattr(pipeline, "extract_parsed", flaky)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("The governor said a drone hit a depot in Kharkiv on Monday.")
    (articles / "b.txt").write_text("A poisoned article: officials said nothing happened in Odesa.")
    summary = ingest(sqlite_store, [str(articles)], link=False)
    assert summary.new == 2 and summary.extracted == 1
    [reject] = list_rejects(sqlite_store)
    assert reject["code"] == "extract" and "ValueError" in reject["reason"]
    assert count_documents(sqlite_store) == 2
