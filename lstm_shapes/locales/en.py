"""English."""

from lstm_shapes.locales import Words

WORDS = Words(
    headings={
        "layer": "Layer",
        "tensor": "Tensor",
        "shape": "Shape",
        "axes": "Axes",
        "params": "Params",
        "why": "Why",
        "total": "Total",
        "computed": "Keras {keras} · {backend} {backend_version} · computed on {device}",
        "input": "input {shape} float32, random uniform, seed {seed}",
        "predicted": "Predicted from the layer math (--no-run): nothing was computed",
        "predicted_note": "Shapes are predicted, not observed: run without --no-run to check them in Keras.",
        "weights_title": "Weights",
        "weight": "Weight",
        "split": "What its axes hold",
        "formula": "Parameters",
        "explain_title": "Reading the shapes",
        "compare_title": "The same stack, {count} ways",
        "refused": "refused: {reason}",
        "absent": "—",
    },
    axes={
        "batch": "batch",
        "time steps": "time steps",
        "features": "features",
        "units": "units",
        "2 × units": "2 × units",
        "filters": "filters",
        "head units": "head units",
    },
    notes={
        "input_one": "{window} {window:plural:time step|time steps} of 1 feature per sample",
        "input_many": "{window} {window:plural:time step|time steps} of {features} features per sample",
        "conv": "{formula}, {filters} {filters:plural:filter|filters} each",
        "steps_valid_1": "{window} - {kernel} + 1 = {steps} {steps:plural:time step|time steps}",
        "steps_valid": "({window} - {kernel}) // {strides} + 1 = {steps} {steps:plural:time step|time steps}",
        "steps_padded_1": "{steps} {steps:plural:time step|time steps}, as many as the input",
        "steps_padded": "ceil({window} / {strides}) = {steps} {steps:plural:time step|time steps}",
        "conv_valid_1": "{window} - {kernel} + 1 = {steps} {steps:plural:time step|time steps}",
        "conv_valid": "({window} - {kernel}) // {strides} + 1 = {steps} {steps:plural:time step|time steps}",
        "conv_padded_1": "{padding} padding keeps {steps} {steps:plural:time step|time steps}",
        "conv_padded": "{padding} padding: ceil({window} / {strides}) = {steps} {steps:plural:time step|time steps}",
        "sequences": "return_sequences=True: {units} {units:plural:unit|units} at each of the {steps} {steps:plural:step|steps}",
        "backwards": ", last input step first (go_backwards)",
        "last": "return_sequences=False: {units} {units:plural:unit|units} at the last of {below}'s {steps} {steps:plural:step|steps}",
        "concat": "; forward and backward side by side: 2 × {units} = {width}",
        "merged": "; forward and backward merged by {merge}",
        "hidden_sequences": "hidden state after the last step = output's last step",
        "hidden_last": "hidden state after the last step = output",
        "cell": "cell state (the LSTM's memory) after the last step",
        "forward_output": "merge_mode none: the forward direction's output",
        "backward_output": "merge_mode none: the backward direction's output, aligned with the input",
        "forward_hidden": "forward hidden state, after the last input step",
        "forward_cell": "forward cell state, after the last input step",
        "backward_hidden": "backward hidden state, after reading back to the first step",
        "backward_cell": "backward cell state, after reading back to the first step",
        "head_time_distributed": "one Dense {inputs} → {units}, applied to each of the {steps} {steps:plural:step|steps}",
        "head_dense_3d": "Dense acts on the last axis: {inputs} → {units} at every step",
        "head_dense_2d": "Dense maps {inputs} {inputs:plural:unit|units} → {units}",
    },
    paragraphs={
        "input": (
            "The input x is {shape}: a batch of {batch} samples, each a window of {window} time "
            "steps, each step holding {features} {feature_word}. The batch size only says how many "
            "samples go through at once; the window is how far back each sample looks ({window} "
            "days of prices, say); the features are what is measured at each step (1 for a closing "
            "price alone, 3 for close, open and high)."
        ),
        "conv": (
            "conv1d slides a kernel of {kernel} steps along the time axis with stride {strides} "
            "and {padding} padding, which leaves {formula}. Each of its {filters} filters gives one number per "
            "step, so the recurrent layer above sees {filters} features at each of {steps} steps."
        ),
        "sequences": (
            "{name} ({kind}) gives {shape}: {batch} samples × {steps} time steps × {width}. With "
            "return_sequences=True it returns its output at every one of the {steps} steps, so the "
            "time axis stays and the tensor is 3-D."
        ),
        "stacked": (
            " It has to: {above} above it is a recurrent layer too and reads a whole sequence, "
            "one step at a time."
        ),
        "last": (
            "{name} ({kind}) gives {shape}: {batch} samples × {width}. With "
            "return_sequences=False it returns only its output after the last of the {steps} "
            "steps, so the time axis is gone and the tensor is 2-D: {batch} is the batch, "
            "{units} the units you gave the layer."
        ),
        "width_concat": (
            " Its last axis is 2 × {units} = {width}: Bidirectional reads the sequence forwards "
            "and backwards and puts the two {units}-unit outputs side by side (merge_mode concat)."
        ),
        "width_merged": (
            " Bidirectional reads the sequence both ways and combines the two {units}-unit "
            "outputs by {merge}, so the last axis stays {units}."
        ),
        "width_none": (
            " With merge_mode none the two directions are not combined: the forward and the "
            "backward output come back as two tensors of {shape} each."
        ),
        "backwards": (" go_backwards=True reads the window from its last step to its first."),
        "backwards_sequence": " The output sequence stays in that reading order.",
        "checked": " (checked above)",
        "states_lstm": (
            "With return_state=True, {name} also returns its final hidden state h {state} and "
            "cell state c {state}: {batch} samples × {units} units each. h is what the layer "
            "outputs at its last step, which is why {relation}{checked}. c is the LSTM's "
            "internal memory, carried from step to step and never output by itself; it has the "
            "same size as h."
        ),
        "states_gru": (
            "With return_state=True, {name} also returns its final hidden state h {state}: "
            "{batch} samples × {units} units. A {kind} has no separate cell state; h is its whole "
            "memory and its output at the last step, which is why {relation}{checked}."
        ),
        "states_bidirectional": (
            "With return_state=True, {name} returns the final states of each direction, "
            "never merged: {states}. The forward states come after the last input step, the "
            "backward ones after reading back to the first step."
        ),
        "width_value": "{width} units",
        "width_concat_value": "{width} units (2 × {units})",
        "relation_sequences": "output[:, -1, :] equals h",
        "relation_last": "the output equals h",
        "head_dense_3d": (
            "The Dense head acts on the last axis only. Each of the {steps} steps' {inputs} "
            "values becomes {units}, so {before} becomes {after}; the time axis is kept. That is "
            "exactly what {td} does here: on a 3-D input the two give "
            "the same shape and the same {params} weights."
        ),
        "head_dense_2d": (
            "The Dense head maps the {inputs} values of each sample to {units}: {before} becomes "
            "{after}, with {inputs} × {units} weights plus {units} biases = {params} parameters."
        ),
        "head_time_distributed": (
            "{td} applies one and the same Dense, with the same "
            "{params} weights, to each of the {steps} steps: {before} becomes {after}. A plain "
            "Dense({units}) gives the same shape here, because Dense already works on the last axis."
        ),
        "no_time_distributed": (
            "{name}'s output {shape} has no time axis, so TimeDistributed could not follow it: "
            "TimeDistributed needs a 3-D (batch, time steps, features) input to have steps to "
            "distribute over. Use a plain Dense, or return_sequences=True to keep the steps."
        ),
        "params": ("{name} has {formula} parameters: {explanation}"),
        "params_lstm": (
            "4 gates (input, forget, cell candidate, output), each with a kernel column for every "
            "input feature ({features}), a recurrent column for every unit of the previous h "
            "({units}){bias}"
        ),
        "params_gru": (
            "3 gates (update, reset, candidate), each with a kernel column for every input feature "
            "({features}), a recurrent column for every unit of the previous h ({units}){bias}"
        ),
        "params_simple": (
            "for each of the {units} units, one kernel column for every input feature ({features}), "
            "one recurrent column for every unit of the previous h ({units}){bias}"
        ),
        "bias_one": " and a bias.",
        "bias_two": " and two biases (reset_after: one for the input, one for the recurrent product).",
        "bias_none": "; use_bias is off, so there are no biases.",
        "bidirectional_params": " Bidirectional holds two such sets, one per direction.",
    },
    gates={
        "lstm": ("input", "forget", "cell", "output"),
        "gru": ("update", "reset", "candidate"),
    },
    weights={
        "kernel": "input features × {gates}",
        "recurrent_kernel": "previous h units × {gates}",
        "bias": "{gates}",
        "bias_two": "[input bias, recurrent bias] × {gates}",
        "gates_split": "{count} gates × {units}: {names}",
        "no_gates": "{units} units",
        "conv_kernel": "kernel steps × input features × filters",
        "conv_bias": "one per filter",
        "dense_kernel": "inputs × units",
        "dense_bias": "one per unit",
    },
    errors={
        "whole_number": "must be a whole number, got {value!r}",
        "at_least": "must be at least {minimum}, got {value}",
        "true_or_false": "must be true or false, got {value!r}",
        "number": "must be a number, got {value!r}",
        "fraction": "must be at least 0 and below 1, got {value}",
        "fraction_hint": "It is the fraction of units dropped while training, for example 0.2.",
        "unknown": "unknown value {value!r}. Valid values: {valid}.",
        "unknown_guess": "unknown value {value!r}; did you mean {guess!r}? Valid values: {valid}.",
        "matrix_only": "unknown value {value!r}. Valid values: {valid}.",
        "matrix_only_hint": (
            "{value!r} only fills 2-D matrices and the bias is 1-D; use it for kernel_initializer or "
            "recurrent_initializer."
        ),
        "rank2_only": "unknown value {value!r}. Valid values: {valid}.",
        "rank2_only_hint": "orthogonal_regularizer needs a 2-D tensor; use l1, l2 or l1l2 here.",
        "implementation": "must be 1 or 2, got {value!r}",
        "implementation_hint": "1 computes each gate with its own small matrix product, 2 all gates at once.",
        "not_a_setting_of_the_cell": "{article} {cell} layer has no {setting}; only {cells:join: and } layers do",
        "not_a_setting_of_the_cell_hint": "Leave {setting} out, or use cell {owner}.",
        "merge_without_bidirectional": "only a bidirectional layer merges its two directions",
        "merge_without_bidirectional_hint": "Add bidirectional (--bidirectional), or leave merge_mode out.",
        "stateful_bidirectional_states": (
            "a stateful Bidirectional layer cannot also return its states: Keras 3 fails to build it "
            "(stateful with return_state)"
        ),
        "stateful_bidirectional_states_hint": "Drop stateful, or return_state, or bidirectional.",
        "seed_limit": "must be below 2**32 = {limit}, got {value}",
        "no_layers": "the stack needs at least one recurrent layer",
        "kernel_too_long": (
            "a kernel of {kernel} {kernel:plural:step|steps} is longer than the window of {window} with valid padding, so "
            "Conv1D would have no output step"
        ),
        "kernel_too_long_hint": "Use a kernel of at most {window} {window:plural:step|steps}, or padding same or causal.",
        "lower_layer_flat": (
            "{name} returns a 2-D (batch, units) output, but {above} above it needs a 3-D (batch, time "
            "steps, features) input"
        ),
        "lower_layer_flat_hint": (
            "Set return_sequences = true on {name}: every layer below the top one must return the "
            "whole sequence."
        ),
        "merge_none_under_layer": (
            "with merge_mode none, {name} gives two outputs (forward and backward), but {above} takes "
            "one tensor"
        ),
        "merge_none_under_layer_hint": (
            "Merge them with concat, sum, mul or ave, or make it the top layer with no head."
        ),
        "merge_none_under_head": (
            "with merge_mode none, {name} gives two outputs (forward and backward), but the head takes "
            "one tensor"
        ),
        "merge_none_under_head_hint": (
            "Merge them with concat, sum, mul or ave, or make it the top layer with no head."
        ),
        "time_distributed_2d": (
            "TimeDistributed needs a 3-D (batch, time steps, features) input, but {name} returns a 2-D "
            "(batch, units) output because return_sequences is off"
        ),
        "time_distributed_2d_hint": (
            "Return the whole sequence from {name} (--return-sequences) to keep the time axis, or use a "
            "Dense head (--head dense), which works on the 2-D output."
        ),
        "conv_needs_filters": "sets up a Conv1D front end, which needs --conv-filters",
        "conv_needs_filters_hint": "Add --conv-filters N (for example 16), or leave the --conv-* flags out.",
        "compare_empty": "name at least one flag to compare",
        "compare_empty_hint": "Valid flags: {valid}.",
        "compare_unknown": "cannot compare {flag!r}",
        "compare_unknown_hint": "Valid flags: {valid}.",
        "compare_twice": "a flag is named twice in {text!r}",
        "compare_twice_hint": "Valid flags: {valid}.",
        "compare_too_many": "at most {most} flags ({stacks} stacks), got {count}",
        "compare_too_many_hint": "Valid flags: {valid}.",
        "all_refused": "every combination was refused: {reason}",
        "backend_env": "{env}={value!r} is not a backend lstm-shapes runs. Valid values: {valid}.",
        "backend_env_hint": "Pass --backend tensorflow, jax or torch, or unset {env}.",
        "backend_missing": "--backend {backend}: {label} is not installed",
        "backend_missing_hint": "Install it with: {install}",
        "backend_empty": "{text!r} has an empty name. Valid values: {valid}, a comma list of them, or all.",
        "backend_empty_hint": "Write it like --backend jax or --backend tensorflow,jax,torch.",
        "backend_all_mixed": "all cannot be combined with other names",
        "backend_all_mixed_hint": "Write --backend all alone.",
        "backend_unknown": "unknown backend {name!r}. Valid values: {valid}, a comma list of them, or all.",
        "backend_unknown_guess": (
            "unknown backend {name!r}; did you mean {guess!r}? Valid values: {valid}, a comma list of them, or all."
        ),
        "backend_repeated": "{names} is named more than once",
        "backend_repeated_hint": "Name each backend once, e.g. --backend tensorflow,jax,torch.",
        "shape_written": "a shape is written like 32,25,20 or [32, 25, 20], got {value!r}",
        "shape_empty": "the shape is empty; write it like 32,25,20",
        "axis_not_size": "{item!r} is not a size: each axis is a whole number, or _ or * for any size",
        "expect_form": "{text!r} is not TENSOR=SHAPE",
        "expect_form_hint": "For example: --expect output=32,25,20 --expect lstm_1.hidden=32,_",
        "expect_unknown": "no tensor named {tensor!r} in this stack. Valid names: {valid}",
        "expect_unknown_hint": "Short forms: {short}.",
        "size_unreadable": "{text!r} is not a size",
        "size_unreadable_hint": "Write it like 2GiB, 512MiB or 800M.",
        "memory_over_limit": "this run needs about {need} of memory, but the limit (--max-memory) is {limit}",
        "memory_over_free": "this run needs about {need} of memory, but only {limit} is available",
        "memory_batch_hint": (
            "The largest batch that fits is {fits} (--batch {batch}), or use --no-run to see the shapes "
            "without computing them."
        ),
        "memory_none_fits_hint": (
            "Even a batch of 1 would not fit: use fewer --units or a shorter --window, or use --no-run "
            "to see the shapes without computing them."
        ),
        "error": "Error",
    },
    terms={"concat": "concat", "sum": "sum", "mul": "mul", "ave": "ave"},
)
