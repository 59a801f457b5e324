"""Small helpers shared by the benchmark modules: progress output and timing statistics."""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass


def say(message: str = "") -> None:
    """One progress or report line on stdout, flushed at once (the run is long)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


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


def time_calls(fn: Callable[[], object], *, repetitions: int, warmup: int = 3) -> Timing:
    """Call `fn` `warmup` times untimed, then `repetitions` times timed one by one."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repetitions):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return Timing(samples)
