"""What `--stateful --batches N` found: per layer, each batch starting from the last one's final states.

Plain data, no Keras: observe fills it, report turns it into checks, render says it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Carried:
    """One stateful layer at one boundary: batch `after` + 1 starts from batch `after`'s final states.

    `start_equal`: the layer's state variables at the start of the next batch equal the
    final states it kept (read back, bit for bit). `fresh_diff`: the largest difference
    between what the stateful layer returned on the next batch and what a fresh,
    non-stateful copy with the same weights returns given those states as `initial_state`
    (0.0: the same numbers exactly). `zero_diff`: the same against the fresh copy started
    from zeros, what carrying the states changed.
    """

    layer: str
    after: int
    states: tuple[str, ...]
    size: float
    start_equal: bool
    fresh_diff: float
    zero_diff: float


@dataclass(frozen=True)
class Reset:
    """After `reset_states()`: whether every state is zeros, and batch 1 run again against the first run."""

    layer: str
    zero: bool
    repeat_diff: float


@dataclass(frozen=True)
class StatefulRun:
    batches: int
    batch: int
    carried: tuple[Carried, ...]
    resets: tuple[Reset, ...]
    source: str = "random"  # "random" (seed + k) or "data" (consecutive batches of the windows)

    def to_json(self) -> dict[str, object]:
        return {
            "batches": self.batches,
            "batch": self.batch,
            "source": self.source,
            "carried": [
                {
                    "layer": c.layer,
                    "batch": c.after + 1,
                    "starts_from_batch": c.after,
                    "states": list(c.states),
                    "largest_state": c.size,
                    "start_equals_final": c.start_equal,
                    "fresh_initial_state_diff": c.fresh_diff,
                    "zero_start_diff": c.zero_diff,
                }
                for c in self.carried
            ],
            "reset_states": [
                {"layer": r.layer, "states_zero": r.zero, "batch_1_again_diff": r.repeat_diff}
                for r in self.resets
            ],
        }
