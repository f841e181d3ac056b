"""A process tree watched from /proc: its peak memory and each process's CPU time (Linux)."""
from __future__ import annotations

import os
import threading
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.02  # often enough to catch a short-lived worker's peak, rarely enough to cost little CPU


class TreeWatch:
    """Samples a process tree from /proc every 20 ms: the peak of its summed resident sets, each process's CPU."""

    def __init__(self, root: int, *, exclude_root: bool = False) -> None:
        self.root, self.exclude_root = root, exclude_root
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds at its last sample
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.is_set():
            self.sample()
            self._done.wait(SAMPLE_SECONDS)

    def sample(self) -> None:
        parents, stats = {}, {}
        for pid, fields in process_stats():
            parents[pid] = int(fields[1])
            stats[pid] = (int(fields[11]) + int(fields[12])) / TICKS, int(fields[21]) * PAGE_SIZE
        tree, frontier = {self.root}, [self.root]
        while frontier:
            pid = frontier.pop()
            children = [c for c, p in parents.items() if p == pid and c not in tree]
            tree.update(children)
            frontier.extend(children)
        if self.exclude_root:
            tree.discard(self.root)
        self.peak_rss = max(self.peak_rss, sum(stats[p][1] for p in tree if p in stats))
        for pid in tree & stats.keys():
            self.cpu[pid] = stats[pid][0]


def child_pids(pid: int) -> list[int]:
    return [child for child, fields in process_stats() if int(fields[1]) == pid]


def process_stats() -> list[tuple[int, list[str]]]:
    """Each running process's id and the fields of its /proc/PID/stat after the command name (state first)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                text = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue  # gone meanwhile
            found.append((int(entry), text[text.rindex(")") + 2:].split()))
    return found
