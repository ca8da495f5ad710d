"""`inspect MODEL --data FILE`: the user's windows, fitted to the saved model's own input.

The table is read (and every careless file refused) before Keras is imported; once the
model is loaded, its input says how many features a step must have and, when it fixes it,
how many steps a window has. A table that does not fit is explained with both shapes. The
windows are Keras's own (`timeseries_dataset_from_array`), as for a built stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lstm_shapes.model.refusals import invalid
from lstm_shapes.predict.windows import LossName
from lstm_shapes.report import data as datas
from lstm_shapes.sources.data import DataOptions, DataTable, unscaled

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
        self.summary = datas.DataReport(
            table,
            plan,
            output,
            why,
            self.loss,
            datas.verdict_for(plan, table, output, self.loss),
            unscaled(table.ranges, table.columns),
            keras_batches=windows.batches,
            keras_x=tuple(int(d) for d in windows.x.shape),
            keras_y=None if windows.y is None else tuple(int(d) for d in windows.y.shape),
            asked_batch=self.batch,
        )
        return [windows.x.astype(dtype if "float" in dtype else "float32", copy=False)]


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
    return ModelData(table, loss, options, batch, window, window_given, backend)
