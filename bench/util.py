"""Small helpers shared by the benchmark modules: progress output and timing statistics."""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


def say(message: str = "") -> None:
    """One progress or report line on stdout, flushed at once (the run is long)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def load_average() -> str:
    """The load average now, as `uptime` shows it (other work on the machine skews times)."""
    try:
        one, five, _fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not available
        return "n/a"
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest sample with `fraction` of the samples at or
    below it (p95 of 30 samples is the 29th smallest)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Timing:
    """Wall-clock times of repeated calls, in milliseconds."""

    samples_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 0.95)

    @property
    def runs(self) -> int:
        return len(self.samples_ms)


def time_interleaved(
    calls: dict[str, Callable[[], object]],
    *,
    repetitions: int,
    warmup: int = 3,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Timing]:
    """Call each of `calls` `warmup` times untimed, then time them `repetitions` times, taking
    turns (a, b, c, a, b, c, ...), so that a burst of load elsewhere on the machine affects
    them alike and their ratios stay fair."""
    for _ in range(warmup):
        for fn in calls.values():
            fn()
    samples: dict[str, list[float]] = {label: [] for label in calls}
    for done in range(1, repetitions + 1):
        for label, fn in calls.items():
            started = time.perf_counter()
            fn()
            samples[label].append((time.perf_counter() - started) * 1000)
        if progress is not None:
            progress(done)
    return {label: Timing(values) for label, values in samples.items()}
