"""The one timing helper of the examples: best per-call time over repeated, growing batches."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np


def best_time(fn: Callable, args: tuple, budget: float = 0.2, max_batch: int = 1024) -> float:
    """Best per-call time of ``fn(*args)`` over batches of 1, 2, 4, … calls (stops after ``budget`` seconds)."""
    fn(*args)
    best, calls, start = np.inf, 1, time.perf_counter()
    while time.perf_counter() - start < budget or calls < 3:
        t0 = time.perf_counter()
        for _ in range(calls):
            fn(*args)
        best = min(best, (time.perf_counter() - t0) / calls)
        calls = min(calls * 2, max_batch)
    return best
