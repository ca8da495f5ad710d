"""`--compare FLAG,...`: the same stack once per combination of some boolean flags, side by side.

The tutorial's sections 1 and 3 in one screen: `--compare return-sequences,return-state`
runs four stacks in one process (one framework import) and lines their shapes up.
A combination Keras would refuse is shown as refused, with the reason: that is a
lesson too, not an error.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.locales import Phrase
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.report.types import StackReport
from lstm_shapes.spec.backend_choice import RunOptions
from lstm_shapes.spec.masking import COMPARED_WORDS
from lstm_shapes.spec.refusals import invalid
from lstm_shapes.spec.stack import StackSpec

if TYPE_CHECKING:
    from lstm_shapes.sources.data import DataOptions

# The on/off flags --compare can vary, and the LayerSpec fields they set. return_sequences
# only ever toggles the top layer: the layers below must return sequences.
COMPARABLE = {
    "return-sequences": "return_sequences",
    "return-state": "return_state",
    "go-backwards": "go_backwards",
    "use-bias": "use_bias",
    "bidirectional": "bidirectional",
    "stateful": "stateful",
    "unroll": "unroll",
    # The input's, not a layer's (spec/masking.py: compared_fields).
    "mask": "mask",
    "padding": "padding",
}
MOST = 4  # 2**4 = 16 stacks at most


@dataclass(frozen=True)
class Variant:
    """One combination: its settings, and its report or why it was refused."""

    settings: dict[str, bool]
    report: StackReport | None
    error: InvalidSpec | None = None

    @property
    def refused(self) -> str | None:
        """Why Keras would refuse this combination (English; render says it in the user's words)."""
        return None if self.error is None else self.error.message

    @property
    def label(self) -> str:
        said = [
            Phrase("setting_value", flag=flag, value=COMPARED_WORDS[flag][on])
            if flag in COMPARED_WORDS and flag != "mask"
            else Phrase("setting_on" if on else "setting_off", flag=flag)
            for flag, on in self.settings.items()
        ]
        return Phrase("settings", items=said)

    @property
    def status(self) -> str:
        if self.report is None:
            return "refused"
        return "ok" if self.report.ok else "failed"


def parse_flags(text: str) -> tuple[str, ...]:
    """'return-sequences,return-state' -> the flag names, checked."""
    flags = tuple(part.strip().removeprefix("--") for part in text.split(",") if part.strip())
    valid = ", ".join(COMPARABLE)
    if not flags:
        raise invalid("compare", "compare_empty", valid=valid)
    for flag in flags:
        if flag not in COMPARABLE:
            raise invalid("compare", "compare_unknown", flag=flag, valid=valid)
    if len(set(flags)) != len(flags):
        raise invalid("compare", "compare_twice", text=text, valid=valid)
    if len(flags) > MOST:
        raise invalid("compare", "compare_too_many", most=MOST, stacks=2**MOST, count=len(flags), valid=valid)
    return flags


def compare(
    build: Callable[[dict[str, bool]], StackSpec],
    flags: tuple[str, ...],
    *,
    run: bool = True,
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    options: RunOptions | None = None,
    data: Any = None,
    data_options: DataOptions | None = None,
    features_given: bool = False,
    window_given: bool = False,
) -> list[Variant]:
    """Inspect every combination of `flags` (off before on, the first flag slowest).

    `build` turns the flags' values into a spec (the CLI's own flag handling), so each
    combination is exactly the stack those flags would give, or its refusal.
    `data` (as `inspect_stack` takes it) is read once, and every combination gets its windows.
    """
    with_data: dict[str, Any] = {}
    if data is not None:
        from lstm_shapes.report.data import guard_file
        from lstm_shapes.sources.data import DataOptions, load

        data_options = data_options or DataOptions()
        guard_file(data, max_memory)
        with_data = {
            "data": load(data, data_options),
            "data_options": data_options,
            "features_given": features_given,
            "window_given": window_given,
        }
    variants = []
    for values in itertools.product((False, True), repeat=len(flags)):
        settings = dict(zip(flags, values, strict=True))
        try:
            variant = build(settings)
            report = inspect_stack(
                variant, run=run, max_memory=max_memory, progress=progress, options=options, **with_data
            )
        except InvalidSpec as error:
            variants.append(Variant(settings, None, error))
            continue
        variants.append(Variant(settings, report))
    return variants
