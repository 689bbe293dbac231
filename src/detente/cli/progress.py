"""Progress with rate and ETA for jobs that can take more than a few seconds: on stderr, and only on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

OnProgress = Callable[[int, int], None]


def _ignore(done: int, total: int) -> None:
    return None


@contextmanager
def progress(label: str, unit: str) -> Iterator[OnProgress]:
    """Yield ``on_progress(done, total)`` for the library; it draws a bar with ``unit``/s and the time left."""
    if not sys.stderr.isatty():
        yield _ignore
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from detente.cli.app import get_console

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=get_console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None, rate="")
        started = time.monotonic()

        def on_progress(done: int, total: int) -> None:
            elapsed = time.monotonic() - started
            rate = f"{done / elapsed:.1f} {unit}/s" if done and elapsed > 0 else ""
            bar.update(task, completed=done, total=total, rate=rate)

        yield on_progress
