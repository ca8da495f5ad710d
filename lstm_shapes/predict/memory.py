"""A memory guard: estimate a run's peak before building anything, and refuse what won't fit.

The model is calibrated on TensorFlow 2.21 on the CPU (`benchmarks/bench.py memory`
prints estimate against measured peak): the framework's own resident set, plus each
weight about three times (initializer temporaries, the variable, the NumPy copy),
plus each tensor about four and a half times (the time-major transpose, the loop's
TensorArray, the stacked result, the NumPy copy that the checks read).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from lstm_shapes.spec.refusals import environment, invalid
from lstm_shapes.spec.shapes import ShapeReport

FLOAT32 = 4
MIB = 1024**2
FRAMEWORK_BYTES = 800 * MIB
WEIGHT_FACTOR = 3.0
TENSOR_FACTOR = 4.5

_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


@dataclass(frozen=True)
class MemoryEstimate:
    """Peak bytes of a run, split into what grows with the batch and what doesn't."""

    fixed: int
    per_sample: int
    batch: int

    @property
    def total(self) -> int:
        return self.fixed + self.per_sample * self.batch

    def largest_batch(self, budget: int) -> int:
        return max(0, (budget - self.fixed) // self.per_sample) if self.per_sample else 0


def estimate(report: ShapeReport, batch: int) -> MemoryEstimate:
    weights = sum(info.params for info in report.layers) * FLOAT32
    tensor_elements = sum(math.prod(row.shape) for row in report.tensors)
    per_sample = int(TENSOR_FACTOR * tensor_elements * FLOAT32) // batch
    return MemoryEstimate(FRAMEWORK_BYTES + int(WEIGHT_FACTOR * weights), per_sample, batch)


def parse_size(text: str) -> int:
    """'2GiB', '500M', '1.5g', '1073741824' -> bytes."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if not found or float(found.group(1)) <= 0:
        raise invalid("max_memory", "size_unreadable", text=text)
    return int(float(found.group(1)) * _UNITS[found.group(2).upper()])


def available_bytes() -> int | None:
    """Memory this process may still use: MemAvailable, capped by a cgroup limit."""
    found: list[int] = []
    try:
        meminfo = Path("/proc/meminfo").read_text()
        match = re.search(r"^MemAvailable:\s+(\d+) kB", meminfo, re.MULTILINE)
        if match:
            found.append(int(match.group(1)) * 1024)
    except OSError:
        pages = getattr(os, "sysconf_names", {}).get("SC_AVPHYS_PAGES")
        if pages is not None:
            found.append(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    for limit_file, usage_file in (
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
    ):
        try:
            limit = Path(limit_file).read_text().strip()
            usage = int(Path(usage_file).read_text().strip())
        except (OSError, ValueError):
            continue
        if limit.isdigit() and int(limit) < 1 << 60:
            found.append(int(limit) - usage)
    return min(found) if found else None


def human(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if size < 1024 or unit == "PiB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def guard(report: ShapeReport, batch: int, budget: int | None, model: bool = False) -> MemoryEstimate:
    """Raise EnvironmentProblem when the run would not fit in `budget` (default: what is free).

    `model`: a saved model's run (inspect), whose advice names only inspect's flags: it has no
    --no-run (a model is inspected by running it) and no --units.
    """
    need = estimate(report, batch)
    limit = budget if budget is not None else available_bytes()
    if limit is None or need.total <= limit:
        return need
    fits = need.largest_batch(limit)
    if fits >= 1:
        hint = "memory_batch_hint"
    elif limit < FRAMEWORK_BYTES:  # Keras alone does not fit: no smaller stack would help
        hint = "memory_framework_limit_hint" if budget is not None else "memory_framework_free_hint"
    else:
        hint = "memory_none_fits_hint"
    raise environment(
        "memory_over_limit" if budget is not None else "memory_over_free",
        hint_key=hint + ("_model" if model else ""),
        framework=human(FRAMEWORK_BYTES),
        least=human(need.fixed + need.per_sample),
        need=human(need.total),
        limit=human(limit),
        fits=f"{fits:,}",
        batch=fits,
    )
