"""One measured run of a benchmark, shared by the bench scripts."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    name: str
    pages: int
    wall: float
    cpu: float
    note: str = ""  # why the run was skipped, when it was

    def rate(self, seconds: float) -> float:
        return self.pages / seconds if seconds > 0 else float("inf")
