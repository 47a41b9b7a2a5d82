"""How the suite fails: one line and a non-zero exit, never a traceback."""

from __future__ import annotations

import sys

PROG = "scripts/bench"


class BenchError(Exception):
    """A failure reported as one line (`scripts/bench: error: ...`) and exit code 2."""


def log(msg: str) -> None:
    """Progress and warnings go to stderr; stdout carries only the Markdown report."""
    print(msg, file=sys.stderr, flush=True)
