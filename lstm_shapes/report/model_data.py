"""`inspect MODEL --data FILE`: the user's windows, fitted to the saved model's own input.

The table is read (and every careless file refused) before Keras is imported; once the
model is loaded, its input says how many features a step must have and, when it fixes it,
how many steps a window has. A table that does not fit is explained with both shapes. The
windows are Keras's own (`timeseries_dataset_from_array`), as for a built stack.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from lstm_shapes.locales import Phrase
from lstm_shapes.predict.losses import LossVerdict, TimeChange, trail
from lstm_shapes.predict.windows import LossName
from lstm_shapes.report import data as datas
from lstm_shapes.sources.data import DataOptions, DataTable, unscaled, widen
from lstm_shapes.spec.refusals import invalid
from lstm_shapes.spec.shapes import Shape

Symbolic = tuple[int | None, ...]


@dataclass
class ModelData:
    """--data for a saved model: read first, fitted to the model's input once it is loaded."""

    table: DataTable
    loss: LossName
    options: DataOptions
    batch: int
    window: int
    window_given: bool
    backend: str | None
    summary: datas.DataReport | None = None
    # The first batch fed to the model, kept for the training step.
    x: Any = None
    y: Any = None

    def fit(self, inputs: list[tuple[str, Symbolic, str]], outputs: list[Symbolic]) -> list[Any]:
        """The first batch of windows for the model's one input; InvalidSpec naming both shapes otherwise."""
        from lstm_shapes.observe.windows import keras_windows

        table = self.table
        if len(inputs) != 1:
            raise invalid(None, "model_data_inputs", count=len(inputs), names=", ".join(i[0] for i in inputs))
        name, symbolic, dtype = inputs[0]
        if len(symbolic) != 3 or "int" in dtype:
            shown = "(" + ", ".join("None" if d is None else str(d) for d in symbolic) + ")"
            raise invalid(None, "model_data_rank", name=name, symbolic=shown, dtype=dtype)
        _, steps, want = symbolic
        if self.options.layout == "wide" and table.wide_columns is None:
            given = steps if steps is not None else self.window if self.window_given else None
            self.table = table = widen(table, given, want)
        if want is not None and want != table.features:
            key = "model_data_features" if table.features > want else "model_data_features_few"
            raise invalid(
                "data",
                key,
                want=want,
                path=table.source,
                found=table.features,
                columns=", ".join(table.columns),
                example=",".join(table.columns[:want]),
            )
        window = self.window
        if table.prewindowed:
            found = int(table.values.shape[1])
            if steps is not None and found != steps:
                raise invalid("data", "model_data_window_array", path=table.source, found=found, steps=steps)
            window = found
        elif steps is not None:
            if self.window_given and self.window != steps:
                raise invalid("window", "model_window_fixed", name=name, steps=steps, window=self.window)
            window = steps
        batch = symbolic[0] if symbolic[0] is not None else self.batch
        plan = datas.plan_for(table, self.options, window, batch)
        first = outputs[0] if outputs else ()
        output = tuple(
            plan.first_batch if axis == 0 else window if size is None else size
            for axis, size in enumerate(first)
        )
        plan, why = datas.choose_steps(plan, table, output, self.options)
        windows = keras_windows(table.values, table.targets, plan, self.backend)
        self.x, self.y = windows.x.astype(dtype if "float" in dtype else "float32", copy=False), windows.y
        self.summary = datas.DataReport(
            table,
            plan,
            output,
            why,
            self.loss,
            datas.verdict_for(plan, table, output, self.loss, self.backend),
            unscaled(table.ranges, table.columns),
            keras_batches=windows.batches,
            keras_x=tuple(int(d) for d in windows.x.shape),
            keras_y=None if windows.y is None else tuple(int(d) for d in windows.y.shape),
            asked_batch=self.batch,
        )
        return [self.x]

    def judge(self, model: Any, outputs: list[tuple[int, ...]]) -> None:
        """The verdict on the output the batch really gave (a time axis Keras left as None is only
        known now: pooling or strides shorten it), then one real train_on_batch on a copy of the
        model: Keras's verdict on the targets."""
        from lstm_shapes.observe.windows import train_model

        if self.summary is None or self.summary.verdict is None or self.y is None:
            return
        summary = self.summary
        if outputs and outputs[0] != summary.output_shape:
            real = outputs[0]
            verdict = datas.verdict_for(summary.plan, summary.table, real, self.loss, self.backend)
            self.summary = summary = replace(summary, output_shape=real, verdict=verdict)
        step = train_model(model, self.x, self.y, self.loss.value, self.backend)
        if step is not None:
            self.summary = replace(self.summary, **datas.judge_step(step, self.loss, self.y))


def read_for_model(
    data: Any,
    options: DataOptions,
    *,
    batch: int,
    window: int,
    window_given: bool,
    backend: str | None,
    max_memory: int | None,
) -> ModelData:
    """The table read and checked, before the model (and Keras) is loaded."""
    datas.guard_file(data, max_memory)
    table, loss = datas.read(data, options)
    if options.layout == "wide" and window_given:
        table = widen(table, window, None)
    return ModelData(table, loss, options, batch, window, window_given, backend)


def _how(kind: str, config: dict[str, Any], recurrent: bool) -> Phrase:
    """What a layer did to the time axis, in its own settings."""
    if "Pooling1D" in kind and "Global" not in kind:
        return Phrase(
            "how_pool", kind=kind, pool=config.get("pool_size", "?"), strides=config.get("strides", "?")
        )
    if kind.startswith("Conv1D") or kind == "SeparableConv1D" or kind == "DepthwiseConv1D":
        return Phrase(
            "how_conv",
            kernel=config.get("kernel_size", "?"),
            strides=config.get("strides", "?"),
            padding=config.get("padding", "?"),
        )
    if kind == "RepeatVector":
        return Phrase("how_repeat", n=config.get("n", "?"))
    if recurrent:
        return Phrase("how_last_step")
    return Phrase("how_kind", kind=kind)


@dataclass(frozen=True)
class TimeWalk:
    """The saved model's time axis, layer by layer: where it changed, who dropped it, who returns steps."""

    changes: tuple[TimeChange, ...]
    dropped: tuple[str, str, bool] | None  # (layer, kind, recurrent) that last dropped the time axis
    sequences: str | None  # the last recurrent layer that returns a sequence
    last: str  # the model's last layer


def walk_time(layers: list[Any], steps: int | None) -> TimeWalk:
    """Follow the time axis (axis 1 of a 3-D tensor) through the layers as they ran, in order."""
    changes: list[TimeChange] = []
    dropped = None
    sequences = None
    last = ""
    for seen in layers:
        if "#" in seen.path or not seen.tensors:
            continue
        last = seen.path
        shape = seen.tensors[0].shape
        # Every recurrent layer, of any kind or wrapper, is probed for its states (observe/saved.py).
        recurrent = seen.probe is not None
        after = shape[1] if len(shape) >= 3 else None
        if recurrent and after is not None:
            sequences = seen.path
        if after != steps and (after is not None or steps is not None):
            how = _how(seen.kind, seen.config, recurrent)
            changes.append(TimeChange(seen.path, how, steps, after))
            if after is None:
                dropped = (seen.path, seen.kind, recurrent)
        steps = after
    return TimeWalk(tuple(changes), dropped, sequences, last)


def model_fix(verdict: LossVerdict, y: Shape, out: Shape, window: int, walk: TimeWalk) -> LossVerdict:
    """The verdict's fix in the saved model's own terms: which of its layers to change (never a
    built-stack flag), and the layers that changed the time axis on the way."""
    if verdict.passed:
        return verdict
    reason_key = getattr(verdict.reason, "key", "")
    fix: Phrase
    if reason_key in ("loss_labels", "loss_labels_truncated"):
        units = getattr(verdict.fix, "values", {}).get("units", out[-1])
        fix = Phrase("model_fix_labels", layer=walk.last, units=units)
    elif getattr(verdict.fix, "key", "") == "fix_class_column":
        fix = Phrase("fix_class_column")
    elif len(out) == 3 and len(y) == 2:
        fix = Phrase("model_fix_steps_all", layer=walk.sequences or walk.last)
    elif (len(out) == 2 and len(y) == 3) or (len(out) == len(y) == 2 and y[1] == window and out[1] == 1):
        if walk.dropped is None:
            fix = Phrase("model_fix_steps_last_input", steps=y[1])
        elif walk.dropped[2]:
            fix = Phrase("model_fix_steps_last_rnn", layer=walk.dropped[0], steps=y[1])
        else:
            fix = Phrase("model_fix_steps_last_drop", layer=walk.dropped[0], kind=walk.dropped[1], steps=y[1])
    elif len(out) == len(y) == 3 and y[1] != out[1]:
        fix = Phrase("model_fix_time", y=y[1], out=out[1], trail=trail(walk.changes))
    elif y[-1] != out[-1]:
        fix = Phrase("model_fix_last_axis", layer=walk.last, want=y[-1], columns=out[-1])
    else:
        fix = Phrase("fix_same_shape")
    return replace(verdict, fix=fix)
