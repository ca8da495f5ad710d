"""English."""

from lstm_shapes.locales import Words

WORDS = Words(
    headings={
        "layer": "Layer",
        "kind": "Kind",
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
        "diagram_title": "Unrolled over {steps} time steps",
        "diagram_title_one": "Unrolled over 1 time step",
        "diagram_time": "t",
        "diagram_forward": "fwd",
        "diagram_backward": "bwd",
        "diagram_go_backwards": "reads {steps} → 1",
        "diagram_go_backwards_sequences": "reads {steps} → 1, returns them in that order",
        "diagram_stateful": "states kept for the next batch",
        "diagram_shortened": "{window} → {steps} time steps",
        "diagram_leaves": "output leaves the layer",
        "diagram_stays": "computed, not returned",
        "diagram_carries": "{states} to the next step",
        "diagram_returned": "{states} at the end: return_state",
        "data_title": "data: {source} · {rows} rows × {features} columns used ({columns})",
        "data_skipped": "skipped (not numeric): {columns}",
        "data_wide": "wide layout: each row is one sample of {window} × {features} columns, reshaped row-major (reshape(rows, {window}, {features})); sample 0:",
        "data_wide_step": "  step {step} ← {cells}",
        "data_wide_more": "  … steps {first} to {last} likewise",
        "partial_title": "{source}: the layers up to where Keras refused it",
        "partial_refused": "✗ refused: got {got}, needs {needs}",
        "partial_refused_plain": "✗ refused: got {got}",
        "partial_keras": "Keras said: {said}",
        "partial_fix": "Fix: {fix}",
        "data_labels": "rows labelled by: {column}",
        "data_windows": "windows: {formula} samples (window {window}, stride {stride}, sampling rate {rate}{horizon})",
        "data_batches": "batches: {batches} of {batch}, the last of {last}",
        "data_batches_even": "batches: {batches} of {batch}",
        "data_batch_one": "batches: 1 of {last}",
        "data_batch_one_short": "batches: 1 of {last} {last:plural:sample|samples} (fewer than --batch {batch})",
        "data_title_windows": "data: {source} · {rows} windows of {window} time steps × {features} features, as the file gives them ({columns}); nothing was windowed",
        "data_sample_given": "sample {index}: the file's window {index}",
        "data_shapes": "X {x}   y {y}",
        "data_steps_output_3d": "targets per step: the top output {output} is 3-D (return_sequences)",
        "data_steps_output_2d": "one target per window: the top output {output} is 2-D",
        "data_steps_asked": "targets {which}: as --target-steps asked",
        "data_steps_given": "targets as the file gives them",
        "data_sample": "sample {index}: rows {first}-{last}{span}",
        "data_target": " → {names} at row {row}{label}",
        "data_ranges": "{column}: min {low:.6g}, max {high:.6g}",
        "data_unscaled": "note: {columns} reach past about ±10: tanh and sigmoid saturate there; scale to about [-1, 1] first",
        "data_missing": "note: {count} empty, NaN or infinite cells kept as NaN (--allow-missing)",
        "data_stateful": "note: stateful needs every batch the same size, but the last has {last} of {batch} samples: drop it, or use --batch {fix} ({samples} samples)",
        "data_input": "input {shape} float32: the first batch of {source}'s windows, rows {first}-{last}",
        "data_input_given": "input {shape} float32: the first batch of {source}'s windows, windows {first}-{last}",
        "data_explain_windows": "Windowing (the tutorial's section 1): a table of {rows} rows becomes samples of {window} consecutive rows each (the window, or time steps), every row holding {features} features. A window starts every {stride} row(s){target}. That gives {samples} samples, so X is (samples, window, features) = {x}.",
        "data_explain_target": "; its target is the value {horizon} row(s) after its last row",
        "data_explain_targets": "Targets: when the top layer returns sequences (return_sequences=True), the output has a time axis and the loss compares one target per step; without it, one target per window. A loss needs y and the output to have the same shape: a mismatch Keras broadcasts trains on the wrong numbers without any error.",
        "model_input": "input {name}: Keras takes {symbolic} {dtype}; this batch {shape} ({axes})",
        "model_tokens": "token ids in [0, {top}]",
        "model_padded": "padded with 0 after each sequence's end (the mask)",
        "model_symbolic": "Keras says",
        "model_kept": "kept inside the layer, not returned: read from a copy with return_state=True and the same weights, on the same input",
        "model_no_recurrent": "Note: this model has no recurrent layer (LSTM, GRU, SimpleRNN, RNN over any cell, ConvLSTM1D/2D/3D, or Bidirectional or TimeDistributed around one): no states to show.",
        "model_explain": "Each row is a tensor the model computed on this batch; 'Keras says' is the symbolic shape Keras gave when the model was built (None: any size). A recurrent layer keeps h (and c for an LSTM) after its last step even when it returns only its output; rows marked * come from a copy of the layer that returns its states.",
        "input_ids": "input {shape} int32 token ids, seed {seed}",
        "lengths": "lengths {lengths}, padding {padding} with {pad}",
        "mask_rules": "{name}: {rule}; {h}",
        "keras2_note": "note: Keras accepted a Keras 2 spelling with a warning. {note}",
        "stateful_batches": "stateful: {batches} consecutive batches of {batch} samples ({source}) through {layers}; sample i of each batch continues sample i of the one before, then reset_states()",
        "stateful_from_seeds": "random, seeds {first} to {last}",
        "stateful_from_data": "your data's first batches, in order",
        "stateful_predicted": "predicted only: run without --no-run to check each batch's start states against Keras",
        "mask_empty": "sample {samples}: no valid step, all {window} steps padding; Keras skips every step, so each recurrent layer gives it zeros (output and states)",
        "multi_title": "Keras {keras} on {count} {count:plural:backend|backends}, each in its own process, all on {reference}'s weights and input batch",
        "mask_h_only": "{name}: {h}",
        "multi_backend": "Backend",
        "multi_version": "Version",
        "multi_device": "Device",
        "multi_forward": "Forward",
        "multi_kernel": "Kernel path",
        "multi_predicted": "Predicted",
        "multi_skipped": "Skipped {backend}, not installed: {install}",
        "compare_lengths": "lengths",
        "compare_id0": "embedding at id 0",
        "compare_id0_masked": "row 0 (not zeros), masked",
        "compare_id0_data": "row 0 (not zeros), read as data",
        "compare_padded": "{name} padded steps",
        "compare_h": "{name} h from",
        "compare_repeat": "repeat",
        "compare_zeros": "zeros",
        "compare_last_valid": "last valid step",
        "compare_first_valid": "first valid step",
        "compare_last_step": "last step",
        "compare_first_step": "first step",
        "compare_no_mask": "no mask",
        "compare_full": "full windows",
        "diagram_sample": "drawn for sample {sample}, the shortest: {n} valid {n:plural:step|steps} of {window}, padded {padding}",
        "diagram_padded": "padded step: the input holds {pad}",
        "diagram_skipped": "in a layer returning no sequence: skipped, states kept",
        "diagram_repeats": "padded: the last valid output repeated",
        "diagram_zeros": "padded: zeros",
        "diagram_h_valid": "h and a last output leave at the last valid step read",
    },
    axes={
        "batch": "batch",
        "time steps": "time steps",
        "features": "features",
        "units": "units",
        "2 × units": "2 × units",
        "2 × filters": "2 × filters",
        "forward + backward units": "forward + backward units",
        "channels": "channels",
        "rows": "rows",
        "cols": "cols",
        "depth": "depth",
        "state size": "state size",
        "filters": "filters",
        "head units": "head units",
        "embedding dim": "embedding dim",
    },
    notes={
        "input_one": "{window} {window:plural:time step|time steps} of 1 feature per sample",
        "input_frames": "{window} {window:plural:frame|frames} of {frame} positions × {channels} {channels:plural:channel|channels} per sample",
        "sequences_convlstm": "return_sequences=True: a frame of {units} {units:plural:filter|filters} at each of the {steps} {steps:plural:step|steps}",
        "last_convlstm": "return_sequences=False: a frame of {units} {units:plural:filter|filters} after the last of {below}'s {steps} {steps:plural:step|steps}",
        "input_many": "{window} {window:plural:time step|time steps} of {features} features per sample",
        "conv": "{formula}, {filters} {filters:plural:filter|filters} each",
        "steps_valid_1": "{window} - {kernel} + 1 = {steps} {steps:plural:time step|time steps}",
        "steps_valid": "({window} - {kernel}) // {strides} + 1 = {steps} {steps:plural:time step|time steps}",
        "steps_valid_dilated": "{window} - ({kernel} - 1) × {dilation} = {steps} {steps:plural:time step|time steps}",
        "steps_padded_1": "{steps} {steps:plural:time step|time steps}, as many as the input",
        "steps_padded": "ceil({window} / {strides}) = {steps} {steps:plural:time step|time steps}",
        "conv_valid_1": "{window} - {kernel} + 1 = {steps} {steps:plural:time step|time steps}",
        "conv_valid": "({window} - {kernel}) // {strides} + 1 = {steps} {steps:plural:time step|time steps}",
        "conv_valid_dilated": "{window} - ({kernel} - 1) × {dilation} = {steps} {steps:plural:time step|time steps}",
        "conv_padded_1": "{padding} padding keeps {steps} {steps:plural:time step|time steps}",
        "conv_padded": "{padding} padding: ceil({window} / {strides}) = {steps} {steps:plural:time step|time steps}",
        "sequences": "return_sequences=True: {units} {units:plural:unit|units} at each of the {steps} {steps:plural:step|steps}",
        "backwards": ", last input step first (go_backwards)",
        "lower_sequences": " for {above} (a lower layer's default)",
        "last": "return_sequences=False: {units} {units:plural:unit|units} at the last of {below}'s {steps} {steps:plural:step|steps}",
        "concat": "; forward and backward side by side: 2 × {units} = {width}",
        "merged": "; forward and backward merged by {merge}",
        "stacked_output": "; the top cell {top}'s h, of {count} {count:plural:cell|cells} run one above the other at each step",
        "hidden_lower_cell": "cell {index}'s hidden state after the last step: what it hands up to cell {above}, not the output",
        "hidden_sequences": "hidden state after the last step = output's last step",
        "hidden_last": "hidden state after the last step = output",
        "cell": "cell state (the LSTM's memory) after the last step",
        "forward_output": "merge_mode none: the forward direction's output",
        "backward_output": "merge_mode none: the backward direction's output, aligned with the input",
        "forward_hidden": "forward hidden state, after the last input step",
        "forward_cell": "forward cell state, after the last input step",
        "backward_hidden": "backward hidden state, after reading back to the first step",
        "backward_cell": "backward cell state, after reading back to the first step",
        "head_flatten": "Flatten joins the {steps} steps × {inputs} units into {flat} values; Dense maps them to {units}",
        "head_time_distributed": "one Dense {inputs} → {units}, applied to each of the {steps} {steps:plural:step|steps}",
        "head_dense_3d": "Dense acts on the last axis: {inputs} → {units} at every step",
        "head_dense_2d": "Dense maps {inputs} {inputs:plural:unit|units} → {units}",
        "input_ids": "{window} token ids per sample, integers 0 to {top}",
        "embedding": "each id becomes a vector of {dim}: a row of the {vocab} × {dim} table{mask}",
        "embedding_mask": "; id 0 is padding and is masked",
        "masking": "steps whose {features} features all equal {value} are masked",
        "padded_repeat": "padded steps repeat the last valid output (zeros before the first)",
        "padded_zeros": "padded steps hold zeros",
        "h_last_valid": "h = the output at each sample's last valid step, not the last column",
        "h_first_valid": "h = the output at each sample's first valid step (it reads backwards)",
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
        "states_simple": (
            "With return_state=True, {name} also returns its final hidden state h {state}: "
            "{batch} samples × {units} units. A {kind} has no separate cell state; h is its whole "
            "memory and its output at the last step, which is why {relation}{checked}."
        ),
        "states_stacked": (
            "With return_state=True, {name} also returns the final states of every cell it runs, "
            "bottom cell first: {states}. The top cell {top}'s h is what the layer outputs at its "
            "last step, which is why {relation}{checked}; a lower cell's h is what it handed up to "
            "the cell above at that step."
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
        "head_flatten": "Flatten joins every step's values into one vector per sample: {before} becomes ({steps} × {inputs} = {flat}) values, and Dense({units}) maps them to {after}, with {steps} × {inputs} × {units} weights plus {units} biases = {params} parameters. Unlike a Dense on the last axis, each step gets weights of its own, so the window's length is fixed in the model.",
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
        "input_convlstm": (
            "The input x is {shape}: a batch of {batch} samples, each a clip of {window} frames (its "
            "time steps), each frame {frame} positions of {features} {features:plural:channel|channels}. "
            "A ConvLSTM reads one frame per step and keeps the frame's layout: its gates are "
            "convolutions over the positions, not weights over a flat vector of features."
        ),
        "frame_convlstm": (
            " Its frame goes {before} → {after}: kernel {kernel}, strides {strides}, dilation {dilation}, "
            "{padding} padding, so each axis of n positions gives {rule}."
        ),
        "sequences_convlstm": (
            "{name} ({kind}) gives {shape}: {batch} samples × {steps} time steps × a frame of "
            "{frame} positions × {units} filters. With return_sequences=True it returns its output "
            "frame at every one of the {steps} steps, so the time axis stays; the frame's size is "
            "the convolution's arithmetic on the input's frame."
        ),
        "last_convlstm": (
            "{name} ({kind}) gives {shape}: {batch} samples × a frame of {frame} positions × {units} "
            "filters. With return_sequences=False it returns only its output frame after the last "
            "of the {steps} steps, so the time axis is gone."
        ),
        "params_convlstm": (
            "4 gates (input, forget, cell candidate, output), each a convolution: for every filter, "
            "a kernel of {volume} positions over every input channel ({features}), a recurrent "
            "kernel of {volume} positions over every filter of the previous h ({units}){bias}"
        ),
        "states_convlstm": (
            "With return_state=True, {name} also returns its final hidden state h {state} and "
            "cell state c {state}: for each of {batch} samples, a frame of {units} filters at every "
            "position. h is what the layer outputs at its last step, which is why {relation}{checked}. "
            "c is the ConvLSTM's memory, a frame of the same size, carried from step to step."
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
        "mask_embedding": (
            "The input holds token ids, {shape}: {window} integers per sample, 0 to {top}. "
            "Embedding({vocab}, {dim}) looks each id up in its {vocab} × {dim} table, so the layers above "
            "read {out}: {dim} features per step.{mask}"
        ),
        "mask_embedding_zero": (
            " With mask_zero=True, id 0 means padding: Keras builds a mask, False wherever the id is 0, "
            "and hands it to every recurrent layer above, which skips those steps. The Embedding's output "
            "at a padded step is not zeros: id 0 looks up row 0 of the table, a real vector (random at "
            "first, then trained) like any other id's. Only the mask makes the recurrent layer skip the "
            "step; a layer that does not take the mask (Conv1D, a Dense on the vectors) reads that row as "
            "data. Zeros at padded steps appear only in a recurrent layer's output, where its rule says so."
        ),
        "mask_masking": (
            "Masking({value}) keeps the tensor as it is, {shape}, and builds a mask: a step whose "
            "{features} {features:plural:feature equals|features all equal} {value} is masked, and every "
            "recurrent layer above skips it."
        ),
        "mask_padding_pre": (
            "The samples are {lengths} steps long in a window of {window}, padded pre (the default of "
            "Keras's pad_sequences): the padding ({pad}) comes first and every sequence ends at step "
            "{window}. Sample {sample}, of length {n}, is padding at steps 1 to {cut} and data at steps "
            "{start} to {window}."
        ),
        "mask_padding_post": (
            "The samples are {lengths} steps long in a window of {window}, padded post: every sequence "
            "starts at step 1 and the padding ({pad}) follows its end. Sample {sample}, of length {n}, is "
            "data at steps 1 to {n} and padding at steps {start} to {window}."
        ),
        "mask_padding_none": (
            "Every sample fills the window of {window}: nothing is padded, and the mask is True at every step."
        ),
        "mask_repeat": (
            "{name} reads with the mask. At a padded step it keeps its states as they were and writes its "
            "previous output again (zero_output_for_mask is off for a single direction), so each sample's "
            "padded steps repeat its last valid output, and hold zeros before its first valid step."
        ),
        "mask_repeat_cudnn": (
            " (TensorFlow's cuDNN kernel, on a GPU with a right-padded mask, writes zeros after each sample's end instead.)"
        ),
        "mask_zeros": (
            "{name} is Bidirectional and returns its sequence, so Keras turns zero_output_for_mask on for "
            "both directions: every padded step holds zeros, forward and backward. The states still skip "
            "those steps."
        ),
        "mask_h_pre": (
            " Its h is the output at each sample's last valid step, not at the last column; with pre "
            "padding that step is the last column ({window}) for every sample, so here h equals "
            "output[:, -1, :]."
        ),
        "mask_h_post": (
            " Its h is the output at each sample's last valid step, not at the last column: for sample "
            "{sample} that is step {n} of {window}, and the output at step {window} is a padded step."
        ),
        "mask_h_backwards": (
            " Reading backwards (go_backwards), its h is the output at each sample's first valid step in "
            "input order, the last one it reads."
        ),
        "mask_h_bidirectional": (
            " The forward h is the output at each sample's last valid step; the backward h, the output at "
            "its first valid step, where the backward direction ends."
        ),
        "mask_last": (
            "{name} returns one output per sample (return_sequences=False), and that output is its h."
        ),
        "mask_empty": (
            "Sample {samples} has no valid step: all {window} steps are padding. Keras runs it anyway: "
            "every step is masked, so the states never leave their zero start, h (and c) stay zeros, and "
            "the output at every step is zeros too. This is what Keras 3 does on the CPU with TensorFlow, "
            "JAX and PyTorch alike, and in an eager call on a GPU. Prediction for a GPU: TensorFlow's cuDNN "
            "LSTM and GRU check that no sample is fully masked; an eager call falls back to the generic "
            "loop, but inside a compiled model.fit or model.predict the check raises InvalidArgumentError. "
            "Drop empty samples, or build the layer with use_cudnn=False."
        ),
        "mask_kernel": (
            "A mask changes the kernel a GPU runs, not the shapes: TensorFlow keeps cuDNN for LSTM and GRU "
            "only with a right-padded mask (post padding, or nothing padded) and falls back to the generic "
            "loop with pre padding; JAX and PyTorch take no mask in their fused kernels, so with a mask "
            "they run the generic loop. SimpleRNN has no fused kernel, and the CPU always runs the loop.{this}"
        ),
        "relation_masked": (
            "with the mask, h equals its output at each sample's last valid step, not always output[:, -1, :] "
            "(the mask's paragraph below says which step)"
        ),
        "stateful": (
            "{layers} {count:plural:is|are} stateful: the final states of one batch (h, and c for an LSTM) are "
            "kept in the layer and become the initial states of the next call, instead of zeros. They are kept "
            "per row: sample i of the next batch continues sample i of this one, so a long series must be cut "
            "into batches where row i of every batch is the next piece of the same sequence. That is why the "
            "batch size becomes part of the model: the states are variables of shape ({batch}, units), built "
            "with keras.Input(batch_shape=({batch}, {window}, features)) or batch_size={batch}, and every batch "
            "must hold exactly {batch} samples (drop or pad a short last batch). Train with shuffle=False, or "
            "the rows are no longer continuations, and call model.reset_states() (layer.reset_states()) where "
            "the sequences end, usually between epochs: it sets every state back to zeros."
        ),
        "stateful_batches": (
            "Here {batches} batches ran one after another: each check above compares the layer's output on a "
            "batch with a fresh, non-stateful copy given the previous batch's final states as initial_state "
            "(equal, bit for bit), and with the same copy started from zeros (different): the carried states "
            "are the whole difference. After reset_states() every state is zeros and batch 1 gives its first "
            "outputs again."
        ),
        "mask_kernel_empty": (
            " This stack has a sample with no valid step: on a GPU every backend runs the generic loop"
            " (TensorFlow's cuDNN check fails, as said above)."
        ),
        "mask_kernel_left": " This stack's mask is left-padded (pre): on a GPU every backend runs the generic loop.",
        "mask_kernel_right": (
            " This stack's mask is right-padded: on a GPU TensorFlow keeps cuDNN; JAX and PyTorch do not."
        ),
        "mask_kernel_no_fused": (
            " This stack has no LSTM or GRU layer of its own (SimpleRNN, or several cells in one RNN): every"
            " backend runs the generic loop, on a GPU too, whatever the padding."
        ),
    },
    gates={
        "lstm": ("input", "forget", "cell", "output"),
        "convlstm": ("input", "forget", "cell", "output"),
        "gru": ("update", "reset", "candidate"),
    },
    weights={
        "kernel": "input features × {gates}",
        "recurrent_kernel": "previous h units × {gates}",
        "bias": "{gates}",
        "bias_two": "[input bias, recurrent bias] × {gates}",
        "convlstm_kernel": "kernel {kernel} × input channels × {gates}",
        "convlstm_recurrent_kernel": "kernel {kernel} × previous h filters × {gates}",
        "gates_split": "{count} gates × {units}: {names}",
        "no_gates": "{units} units",
        "conv_kernel": "kernel steps × input features × filters",
        "conv_bias": "one per filter",
        "flatten_kernel": "time steps × units, flattened row-major × head units",
        "dense_kernel": "inputs × units",
        "dense_bias": "one per unit",
        "embeddings": "one row per token id (vocabulary) × embedding dim; a padded id 0 looks up row 0 like any id",
    },
    errors={
        "data_convlstm": "{cell} reads frames (batch, time steps, rows..., channels); --data gives rows of features, one per time step",
        "data_convlstm_hint": "Leave --data out to check a ConvLSTM stack on a random batch of frames, or inspect a saved model with your frames.",
        "conv_rank": "{value} is not one size per axis: this layer convolves {rank} axes",
        "conv_rank_hint": "Give one size for every axis, or one number for all of them.",
        "conv_strides_dilation": "a ConvLSTM cannot take strides > 1 together with dilation_rate > 1 (Keras refuses it)",
        "conv_strides_dilation_hint": "Keep strides at 1 to dilate, or dilation_rate at 1 to stride.",
        "conv_no_unroll": "{cell} has no unroll: its loop cannot be unrolled",
        "conv_no_unroll_hint": "Leave unroll out for a ConvLSTM layer.",
        "cells_flag_form": "--cells takes CELL:UNITS pairs separated by commas, got {value!r}",
        "cells_flag_form_hint": "For example: --cells lstm:8,gru:4 (cells lstm, gru, simple-rnn; bottom cell first).",
        "cells_with_units": "--cells gives each cell its units; --units would give them twice",
        "cells_with_units_hint": "Leave --units out: write the units in --cells, e.g. --cells lstm:8,gru:4.",
        "cells_with_cell": "--cells names each cell's kind; --cell would name it twice",
        "cells_with_cell_hint": "Leave --cell out: write the kind in --cells, e.g. --cells lstm:8,gru:4.",
        "stacked_cells_list": "cells must be a list of cell tables like {{ units = 8 }}, got {value!r}",
        "stacked_cells_list_hint": 'Write cells = [{{ units = 8 }}, {{ cell = "gru", units = 4 }}], bottom cell first.',
        "stacked_cell_setting": "{setting} belongs to the RNN layer, not to one of its cells",
        "stacked_cell_setting_hint": "Move {setting} out of the cell table, next to cells = [...].",
        "stacked_layer_setting": "{setting} belongs to a cell: an RNN over several cells has none of its own",
        "stacked_layer_setting_hint": "Put {setting} in the cell tables inside cells = [...]; units and cell come from the top cell.",
        "stacked_conv_cell": "a built RNN does not stack {cell} cells: only LSTM, GRU and SimpleRNN cells",
        "stacked_conv_cell_hint": "Use cell lstm, gru or simple-rnn inside cells, or a ConvLSTM layer of its own.",
        "conv_bidirectional": "a built stack does not wrap {cell} in Bidirectional",
        "conv_bidirectional_hint": "Leave --bidirectional out; to see one, save a model with Bidirectional({cell}) and run lstm-shapes inspect on it.",
        "conv_mixed": "a stack mixes {cells}: a ConvLSTM returns frames (batch, time steps, rows..., filters), which a dense recurrent layer cannot read, and ConvLSTMs of different ranks cannot read each other's",
        "conv_mixed_hint": "Use one kind of ConvLSTM for every layer, or dense cells only (put a Reshape in a saved model and inspect it).",
        "spatial_without_conv": "--spatial {value} gives frames, but no layer is a ConvLSTM",
        "spatial_without_conv_hint": "Use --cell conv-lstm-1d, conv-lstm-2d or conv-lstm-3d, or leave --spatial out.",
        "spatial_rank": "{cell} reads frames of {rank} {rank:plural:axis|axes}, but --spatial is {value}",
        "spatial_rank_hint": "Give {rank} {rank:plural:size|sizes}, for example --spatial {example}.",
        "spatial_missing": "{cell} reads frames of {rank} {rank:plural:axis|axes}, but --spatial does not give their size",
        "spatial_missing_hint": "Give {rank} {rank:plural:size|sizes}, for example --spatial {example}; --features is then their channels.",
        "conv_lstm_front": "{cell} reads frames: a Conv1D, an Embedding, a mask or lengths cannot come before it",
        "conv_lstm_front_hint": "Leave --conv-filters, --vocab, --mask-value and --lengths out with a ConvLSTM.",
        "conv_too_small": "{name}'s kernel {kernel} does not fit in its input frames {sizes} with valid padding",
        "conv_too_small_hint": "Use a smaller kernel, --cell-padding same, or larger --spatial frames.",
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
        "batches_need_stateful": "runs {batches} consecutive batches to show states carried across them, but no layer is stateful",
        "batches_need_stateful_hint": "Add --stateful (stateful = true in a spec file); without it every batch starts from zeros.",
        "batches_beyond_data": "asks for {batches} consecutive batches, but the data gives {full} full {full:plural:batch|batches} of {batch} ({samples} samples)",
        "batches_beyond_data_hint": "Use --batch {fit} or less, or fewer --batches.",
        "batches_one_backend": "runs consecutive batches on one backend, not on several ({backends})",
        "batches_one_backend_hint": "Give one --backend with --batches, or drop --batches to compare the backends.",
        "stateful_bidirectional_states": (
            "a stateful Bidirectional layer cannot also return its states: Keras 3 fails to build it "
            "(stateful with return_state)"
        ),
        "stateful_bidirectional_states_hint": "Drop stateful, or return_state, or bidirectional.",
        "size_limit": "must be at most 2**31 - 1 = {limit}, got {value}",
        "size_limit_hint": "No Keras backend can build an axis that long; no machine could hold its weights.",
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
        "flatten_2d": "Flatten needs the time axis to flatten, but {name} returns a 2-D (batch, units) output because return_sequences is off",
        "flatten_2d_hint": "Return the whole sequence from {name} (--return-sequences), or use --head dense: on (batch, {units}) a Flatten would change nothing.",
        "time_distributed_2d": (
            "TimeDistributed needs a 3-D (batch, time steps, features) input, but {name} returns a 2-D "
            "(batch, units) output because return_sequences is off"
        ),
        "time_distributed_2d_hint": (
            "Return the whole sequence from {name} (--return-sequences) to keep the time axis, or use a "
            "Dense head (--head dense), which works on the 2-D output."
        ),
        "conv_needs_filters": "sets up a Conv1D front end, which needs --conv-filters",
        "bug": "a bug in lstm-shapes ({error}), not in your input; its traceback is saved in {path}",
        "bug_hint": "Please report it with that file attached; --traceback shows the traceback here instead.",
        "json_and_format": "--json is --format json, so it cannot go with --format {format}",
        "json_and_format_hint": "Give --format alone, or --json alone.",
        "dilation_with_strides": "a dilation rate above 1 needs stride 1, got strides {strides}",
        "dilation_with_strides_hint": "Keras's Conv1D refuses both: set --conv-strides 1, or --conv-dilation-rate 1.",
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
        "shape_parentheses": "{value!r} opens or closes a parenthesis it does not match; write (32, 25, 20) or 32,25,20",
        "shape_trailing_comma": "{value!r} ends in a comma, as if an axis were missing; write it like 32,25,20",
        "shape_too_many_axes": "the shape has {count:,} axes, but no tensor of a stack has more than {most}",
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
        "memory_framework_limit_hint": (
            "Keras alone needs about {framework} before any layer, so no stack fits in {limit}: raise "
            "--max-memory to {least} or more, or use --no-run to see the shapes without computing them."
        ),
        "memory_framework_free_hint": (
            "Keras alone needs about {framework} before any layer: free some memory, or use --no-run to "
            "see the shapes without computing them."
        ),
        "memory_batch_hint_model": "The largest batch that fits is {fits} (--batch {batch}), if the model leaves the batch open.",
        "memory_none_fits_hint_model": "Even a batch of 1 would not fit this model: free some memory, or raise --max-memory.",
        "memory_framework_limit_hint_model": (
            "Keras alone needs about {framework} before any layer, so no model fits in {limit}: raise "
            "--max-memory to {least} or more."
        ),
        "memory_framework_free_hint_model": "Keras alone needs about {framework} before any layer: free some memory.",
        "error": "Error",
        # The command line (cli/).
        "interrupted": "Interrupted.",
        "long_loop": (
            "Note: {steps} recurrent steps run one after another; this may take minutes. "
            "--no-run shows the shapes at once."
        ),
        "write_failed": "cannot write to {stream}: {reason}",
        "flag_not_in_mode": "means nothing with {mode}",
        "flag_not_in_mode_hint": "Leave it out, or run without {mode}.",
        "compare_flag_given": "--compare {flag} already runs the stack with {flag} off and on",
        "compare_flag_given_hint": "Leave out --{flag} (or --no-{flag}) when comparing it.",
        "compare_padding_given": "--compare padding already runs the stack with padding pre and post",
        "compare_padding_given_hint": "Leave out --padding when comparing it.",
        "compare_one_backend": "--compare runs every combination on one backend",
        "compare_one_backend_hint": "Name one backend, or compare backends without --compare.",
        "head_units_need_head": "sets the units of a head, but there is no head (--head is none)",
        "head_units_need_head_hint": "Add --head dense or --head time-distributed, or leave --head-units out.",
        "check_one_backend": "check runs every case on one backend, in one process",
        "check_one_backend_hint": "Run check once per backend: lstm-shapes check --backend jax FILE...",
        "junit_no_folder": "cannot write the JUnit file {path}: No such file or directory",
        "junit_write": "cannot write the JUnit file {path}: {reason}",
        "child_died": "the run on {backend} stopped without a result (exit {code}): {reason}",
        "child_died_hint": "Run it alone to see why: lstm-shapes --backend {backend} --traceback ...",
        "no_backend_installed": "--backend all: no Keras backend is installed",
        "no_backend_installed_hint": "Install one with: pip install tensorflow",
        # Click's own usage errors (English keeps Click's exact words; these serve other languages).
        "click_try_help": "Try '{command}' for every flag and its values.",
        "click_usage": "Usage:",
        "click_options": "[OPTIONS]",
        "click_command": "COMMAND",
        "click_args": "[ARGS]",
        "click_no_such_option": "No such option: {option}.",
        "click_did_you_mean": "Did you mean {options}?",
        "click_missing": "Missing {kind} {name}.",
        "click_bad_value": "Invalid value for {name}: {problem}",
        "click_needs_value": "Option '{option}' requires an argument.",
        "click_extra": "Got unexpected extra arguments ({args})",
        "click_no_command": "No such command '{command}'.",
        "click_not_integer": "{value} is not a valid integer.",
        "click_not_float": "{value} is not a valid float.",
        "click_not_boolean": "{value} is not a valid boolean.",
        "click_not_one_of": "{value} is not one of {choices}.",
        "click_nearest_value": "Did you mean {value}?",
        "click_out_of_range": "{value} is not in the range {range}.",
        "picture_refused": "{flag} draws one stack's table, and {mode} prints something else",
        "picture_refused_hint": "Leave out {flag}, or run the stack without {mode}.",
        "cannot_write": "cannot write {path}: {reason}",
        # The warm server (serve/).
        "server_stale": "the server's socket was left by a process that is gone (pid {pid}); removed it and running in this process",
        "server_unreachable": "cannot reach the server ({reason}); running in this process",
        "server_untrusted": (
            "not using the server at {path}: it is not a private folder and socket of this user's "
            "({why}); running in this process. lstm-shapes server start replaces it."
        ),
        "server_lost": "the server stopped during this request; running it in this process",
        "server_auto_starting": (
            "starting a warm server in the background ({source}), so the next runs skip the framework "
            "import; it exits after {minutes} idle minutes, or with lstm-shapes server stop"
        ),
        "server_setting_unknown": "ignoring {source}: {value!r} is not auto, on or off",
        "server_config_unreadable": "ignoring {path}: {reason}",
        "server_foreign": "{path} belongs to another user, so the server cannot use it",
        "server_foreign_hint": "Set XDG_RUNTIME_DIR to a folder of your own, or have its owner remove it.",
        "server_other_user": "this server serves only the user who started it",
        "server_bad_request": "the server refused the request: {reason}",
        "server_worker_crashed": (
            "the server's {backend} worker ended while running this request ({how}); a fresh one "
            "replaces it: run the command again, or with --no-server"
        ),
        "server_worker_hung": (
            "the server's {backend} worker gave no answer within {seconds} s (server start --timeout); "
            "a fresh one replaces it"
        ),
        "server_unknown_backend": "--warm: unknown backend {name!r}; valid: {valid}, none",
        "server_already": "The server already runs: pid {pid}, socket {socket}",
        "server_no_start": "the server did not start; its log is {log}",
        "server_no_warm": "the server's worker could not load Keras; its log is {log}",
        "server_started": "Server started: pid {pid}, socket {socket}, warm: {warm}",
        "server_none": "No server runs for this environment (socket {socket}).",
        "server_stopped": "Server stopped (pid {pid}).",
        "server_idle_exit": "exits after {minutes} minutes without a request",
        "server_running": "The server for this environment runs:",
        "data_step_too_long": "must be below the number of rows ({rows}), got {value}: Keras's timeseries_dataset_from_array refuses it",
        "data_step_too_long_hint": "Use a smaller value, or more rows.",
        "data_missing": "no such file: {path}",
        "data_missing_hint": "Check the path; it is read relative to the current folder (or to the spec file).",
        "data_directory": "{path} is a folder, not a data file",
        "data_directory_hint": "Give a .csv, .tsv, .npy or .npz file.",
        "data_extension": "cannot read {path}: unknown extension {suffix}",
        "data_extension_hint": "Use .csv or .tsv (a header row), .parquet or .feather, .npy or .npz (arrays x and y).",
        "data_unreadable": "cannot read {path}: {reason}",
        "data_empty": "{path} is empty",
        "data_empty_hint": "Write a header row and at least one row of numbers.",
        "data_no_rows": "{path} has a header but no rows",
        "data_no_rows_hint": "Add rows of numbers under the header.",
        "data_binary": "{path} is not text: it holds binary bytes",
        "data_binary_hint": "Give a CSV/TSV text file, or a .npy/.npz array.",
        "data_encoding": "{path} is not UTF-8 (byte {position} cannot be read)",
        "data_encoding_hint": "Save it as UTF-8, e.g. iconv -f cp949 -t utf-8 in.csv > out.csv.",
        "data_ragged": "{path}, line {line}: {saw} {saw:plural:field|fields} where the header has {expected}",
        "data_ragged_hint": "Every row needs as many fields as the header; quote fields that contain the delimiter.",
        "data_not_numeric": "{path}, column {column!r}, line {line}: {value!r} is not a number",
        "data_not_numeric_hint": "Fix the value, or leave the column out of --columns.",
        "data_target_not_numeric": "{path}: target {column!r} is not numeric (line {line}: {value!r})",
        "data_target_not_numeric_hint": "Targets must be numbers; encode classes as 0, 1, 2, ...",
        "data_unknown_column": "no column {name!r}",
        "data_unknown_column_hint": "Columns: {valid}.",
        "data_unknown_column_guess": "no column {name!r}; did you mean {guess!r}?",
        "data_unknown_column_guess_hint": "Columns: {valid}.",
        "data_no_numeric": "{path} has no numeric column",
        "data_no_numeric_hint": "Columns: {columns}; pick some with --columns.",
        "data_array_shape": "{path}: a {shape} {dtype} array; expected 2-D (rows, features) or 3-D (samples, window, features) numbers",
        "data_window_disagrees": "{path} is already windowed with {found} time steps, but --window is {window}",
        "data_window_disagrees_hint": "Leave --window out, or give {found}.",
        "data_features_disagree": "the data has {found} feature columns ({columns}), but --features is {features}",
        "data_features_disagree_hint": "Leave --features out: it follows from the columns.",
        "data_not_frame_magic": "{path} is not a {kind} file: its first bytes are not {kind}'s",
        "data_not_frame_magic_hint": "Write it with pandas (DataFrame.to_parquet or DataFrame.to_feather), or give a .csv.",
        "data_not_frame": "{path} is not a readable {kind} file: {reason}",
        "data_not_frame_hint": "Write it again with pandas (DataFrame.to_parquet or DataFrame.to_feather), or give a .csv.",
        "data_needs_pyarrow": "reading the {kind} file {path} needs pyarrow, which is not installed",
        "data_needs_pyarrow_hint": "Install it: pip install 'lstm-shapes[parquet]' (or pip install pyarrow), or save the table as .csv.",
        "data_wide_windowed": "{path} is already windowed (samples, window, features): --layout wide reshapes a 2-D table",
        "data_wide_windowed_hint": "Leave --layout wide out for a 3-D array.",
        "data_wide_needs_window": "--layout wide needs the window to split {path}'s {columns} columns into steps",
        "data_wide_needs_window_hint": "Give --window T (or --features F): each row then holds T × F columns.",
        "data_wide_columns": "{path} has {columns} feature columns, which is not window × features ({window} × {features})",
        "data_wide_columns_hint": "Pick the columns with --columns, or a window that divides them: {divisors}.",
        "data_not_array": "{path} is not a NumPy array file: {reason}",
        "data_npz_keys": "{path} has no array named x (it has: {keys})",
        "data_npz_keys_hint": "Save it with np.savez(path, x=..., y=...).",
        "data_y_rows": "{path}: x has {x} rows but y has {y}",
        "data_y_rows_hint": "Give one target per row of x.",
        "data_target_windowed": "{path} is already windowed: --target cannot pick columns from it",
        "data_target_windowed_hint": "Put the targets in an .npz file as y.",
        "data_kind": "data must be a file path, a NumPy array or a pandas DataFrame, not {kind}",
        "data_too_large": "{path} is {size}: reading it needs about {need}, but only {room} is available",
        "data_too_large_hint": "Use a smaller file, or raise --max-memory.",
        "data_flag_needs_data": "{flag} means nothing without --data",
        "data_flag_needs_data_hint": "Add --data FILE, or leave {flag} out.",
        "model_missing": "{path}: no such file",
        "model_missing_hint": "MODEL is a .keras or .h5 file, or FILE.py:FUNCTION / module:FUNCTION that returns a Keras model.",
        "model_directory": "{path} is a folder, not a saved model file",
        "model_directory_hint": "Give the .keras or .h5 file (a TensorFlow SavedModel folder is not a Keras 3 model file).",
        "model_not_a_model": "{path} is not a saved Keras model: {why}",
        "model_not_a_model_hint": "MODEL is a .keras or .h5 file, or FILE.py:FUNCTION / module:FUNCTION that returns a Keras model.",
        "model_needs_code": "{path} needs Python code to load: {what}. Nothing from it was run",
        "model_needs_code_hint": "If you trust the file, --unsafe loads it and runs that code.",
        "model_keras_refused": "Keras cannot load {path}: {reason}",
        "model_keras_refused_hint": "A custom layer loads once the code that defines it is imported: add --custom-objects FILE.py (or MODULE), or build the model with FILE.py:FUNCTION.",
        "model_needs_class": "{path} needs Python classes to load: {what}. Nothing was imported",
        "model_needs_class_hint": "If you trust that code, import it: --custom-objects {module}.py (its file) or --custom-objects {module} (a module).",
        "custom_objects_missing": "cannot import {source}: {reason}",
        "custom_objects_missing_hint": "--custom-objects takes a Python file (layers.py) or an importable module name (mypackage.layers).",
        "custom_objects_failed": "importing {source} raised {kind}: {reason}",
        "custom_objects_failed_hint": "Fix that code, or build the model with FILE.py:FUNCTION.",
        "factory_missing": "cannot find {factory}: {reason}",
        "factory_failed": "{factory} raised {kind}: {reason}",
        "factory_not_model": "{factory} returned {kind}, not a Keras model",
        "model_unbuilt": "{path}: the model has no inputs (it was saved before it was built)",
        "model_unbuilt_hint": "Build it before saving (keras.Input, or call it once), or give a FILE.py:FUNCTION.",
        "model_layer_failed": "Keras refused the model at {layer} ({kind}), which got {got}: {said}",
        "model_layer_failed_fix": "{fix}",
        "model_batch": "the model cannot take this batch: {reason}",
        "model_batch_hint": "The batch was {shapes}; change --batch or --window.",
        "model_unknown_axis": "input {name} has an unknown size on axis {axis}; only the batch and time axes can be filled in",
        "model_expect": "no tensor named {name!r} in this model. Valid names: {valid}",
        "model_backends": "inspect runs one backend at a time",
        "model_backends_hint": "Run it once per backend: lstm-shapes inspect --backend jax MODEL.",
        "vocab_too_small": "must be at least 2, got {value}: id 0 and at least one token",
        "vocab_too_small_hint": "The vocabulary counts every token id, 0 included; use 2 or more.",
        "lengths_form": "must be whole numbers separated by commas, or random; got {value!r}",
        "lengths_form_hint": "One valid length per sample, for example --lengths 25,12,3 with --batch 3.",
        "lengths_count": "gives {count} lengths for a batch of {batch}",
        "lengths_count_hint": "Give one length per sample ({batch}), or --lengths random.",
        "length_negative": "sample {sample} has length {value}: a length counts valid steps, 0 or more",
        "length_negative_hint": "Use 0 (a sample that is all padding) up to the window.",
        "length_too_long": "sample {sample} has length {value}, longer than the window of {window}",
        "length_too_long_hint": "A length is the number of valid steps in a window of {window}: at most {window}.",
        "token_ids_features": "must be 1 with token ids, got {value}: each step is one integer id",
        "token_ids_features_hint": "The Embedding gives each step its features (--embedding-dim); leave --features out.",
        "mask_value_with_embedding": "Masking works on float features, but an Embedding takes integer token ids",
        "mask_value_with_embedding_hint": "Use --mask-zero to mask the padding id 0, or drop the Embedding.",
        "mask_value_nan": "cannot be NaN: no step ever equals NaN, so nothing would be masked",
        "conv_drops_mask": "a Conv1D front end drops the mask: Keras's Conv1D does not carry it on",
        "conv_drops_mask_hint": "Leave --conv-filters out with a mask, or the mask (--mask-zero, --mask-value).",
        "lengths_need_mask": "pads the samples, but nothing masks the padding, so the layers would read it as data",
        "lengths_need_mask_hint": "Add --mask-value V (the padding value), or token ids with --mask-zero.",
        "lengths_need_mask_zero": "pads the samples with id 0, but the Embedding does not mask it",
        "lengths_need_mask_zero_hint": "Add --mask-zero so that id 0 is padding.",
        "mask_zero_without_embedding": "masks token id 0, but there is no Embedding and so no token ids",
        "mask_zero_without_embedding_hint": "Add --embedding-vocab N, or use --mask-value V on float input.",
        "embedding_without_vocab": "sets up an Embedding, which needs --embedding-vocab",
        "embedding_without_vocab_hint": "Add --embedding-vocab N (the number of token ids, 0 included).",
        "padding_without_lengths": "says where the padding goes, but no --lengths say how much",
        "padding_without_lengths_hint": "Add --lengths L1,L2,... or --lengths random.",
        # Spec files (sources/specfile.py).
        "keras2_batch_input_shape": "batch_input_shape is Keras 2. In Keras 3 the batch and the shape go on the input: keras.Input(batch_shape=(B, T, F)) (or keras.Input(shape=(T, F), batch_size=B)); in a spec file, batch, window and features.",
        "keras2_input_shape": "input_shape= (or input_dim=) on a layer is Keras 2. In Keras 3 start the model with keras.Input(shape=(T, F)) and leave it off the layer; in a spec file, window and features.",
        "keras2_input_length": 'input_length on Embedding is Keras 2; Keras 3 ignores it (with a warning). The length is the input\'s: keras.Input(shape=(T,), dtype="int32"); in a spec file, window.',
        "keras2_batch_size": "stateful=True with batch_size= on a layer is Keras 2. In Keras 3 fix the batch on the input: keras.Input(batch_shape=(B, T, F)), then LSTM(units, stateful=True); in a spec file, batch and stateful = true.",
        "keras2_time_major": "time_major is Keras 2; Keras 3's recurrent layers take (batch, time, features) only. Transpose a time-major x first: keras.ops.transpose(x, (1, 0, 2)).",
        "spec_keras2_key": "{kind} key {name!r} is not a key here: {keras3}",
        "spec_unknown_key": "unknown {kind} key {name!r}. Valid keys: {valid}.",
        "spec_unknown_key_guess": "unknown {kind} key {name!r}; did you mean {guess!r}? Valid keys: {valid}.",
        "spec_conv_table": 'conv must be a table, e.g. {{ filters = 16, kernel_size = 3, padding = "valid" }}',
        "spec_conv_filters": "a Conv1D needs filters = N",
        "spec_no_layers": "needs at least one layer: add [[case.layers]] with units = N",
        "spec_layer_table": "must be a table of layer settings, got {value!r}",
        "spec_layer_units": "needs units = N (its number of units)",
        "spec_expect_table": 'expect must be a table of tensor = shape, e.g. {{ output = "32,25,20" }}',
        "spec_run_bool": "run must be true or false, got {value!r}",
        "spec_data_path": "data must be a file path as a string, got {value!r}",
        "spec_column_names": '{name} must be column names, e.g. ["close", "open"]',
        "spec_without_data": '{name} means nothing without data = "FILE"',
        "spec_name_missing": 'every case needs a name = "..."',
        "spec_name_text": 'a case\'s name must be text, e.g. name = "small", got {value!r}',
        "spec_expect_error": "expect_error must be a string that the error message contains",
        "spec_unreadable": "cannot read the file: {reason}",
        "spec_not_utf8": "the file is not UTF-8 text",
        "spec_toml": "invalid TOML: {message}",
        "spec_toml_at": "invalid TOML: {message}: {source}",
        "spec_defaults_table": "defaults must be a table: [defaults]",
        "spec_no_cases": "no cases: add at least one [[case]] with a name and [[case.layers]]",
        "spec_case_table": "case #{index} must be a table",
        "spec_same_name": "another case in this file has the same name",
        "keras_import_failed": "cannot import Keras with the {backend} backend: {reason}",
        "keras_import_failed_hint": "Install it with: {install}",
        # Running: memory, Keras's refusals, devices, the arrays shared between backends.
        "out_of_memory": "the run ran out of memory",
        "model_out_of_memory": "the run ran out of memory",
        "model_out_of_memory_hint": "Try a smaller --batch or --window.",
        "model_out_of_memory_on": "the run ran out of memory on {device}: {reason}",
        "out_of_memory_hint": "Try a smaller --batch, --window or --units.",
        "out_of_memory_on": "the run ran out of memory on {device}: {reason}",
        "keras_rejected": "Keras rejected this stack: {reason}",
        "arrays_unreadable": "cannot read the arrays of the first backend from {path}: {reason}",
        "arrays_unwritable": "cannot write the arrays to {path}: {reason}",
        "result_unwritable": "cannot write the result file {path}: {reason}",
        "keras_keyword_missing": (
            "Keras {keras}'s {layer} takes no {keyword} (it always computes as {keyword}={default}), "
            "so {keyword}={value} cannot be honoured"
        ),
        "keras_keyword_missing_hint": "Leave {keyword} unset, or install Keras {since} or later: pip install 'keras>={since}'.",
        "backend_already_loaded": "Keras was already loaded with the {current} backend in this process, so it cannot run on {backend}",
        "backend_already_loaded_hint": (
            "Keras reads KERAS_BACKEND once per process: run lstm-shapes in a fresh process "
            "(a comma list, --backend tensorflow,jax, runs each backend in its own)."
        ),
        "no_gpu_tensorflow": "--device gpu was asked for, but TensorFlow sees no GPU on this machine",
        "no_gpu_tensorflow_hint": (
            "On Linux with an NVIDIA driver: pip install 'tensorflow[and-cuda]'; or run with --device cpu (or auto)."
        ),
        "no_gpu_jax": "--device gpu was asked for, but JAX sees no GPU on this machine",
        "no_gpu_jax_hint": (
            "On Linux with an NVIDIA driver: pip install 'jax[cuda12]' (or jax[cuda13]); "
            "or run with --device cpu (or auto)."
        ),
        "no_gpu_torch_build": "--device gpu was asked for, but this PyTorch ({version}) is built without CUDA",
        "no_gpu_torch_build_hint": (
            "Install a CUDA build of PyTorch (on Linux x86_64, PyPI's default: "
            "pip install --force-reinstall torch); or run with --device cpu (or auto)."
        ),
        "no_gpu_torch": "--device gpu was asked for, but PyTorch (CUDA {cuda}) sees no GPU on this machine",
        "no_gpu_torch_hint": "Check the NVIDIA driver (nvidia-smi); or run with --device cpu (or auto).",
        "model_data_features": "the model wants {want} features per step; {path} gives {found} columns ({columns}): choose {want} with --columns",
        "model_data_features_hint": "For example --columns {example}, in the order the model was trained on.",
        "model_data_features_few": "the model wants {want} features per step; {path} gives only {found} columns ({columns})",
        "model_data_features_few_hint": "Give a table with the {want} columns the model was trained on.",
        "model_data_window_array": "{path} holds windows of {found} time steps, but the model's input takes {steps}",
        "model_data_window_array_hint": "Window the rows yourself to {steps} steps, or give the rows as a table.",
        "model_window_fixed": "the model's input {name} takes {steps} time steps, but --window is {window}",
        "model_window_fixed_hint": "Leave --window out: the model fixes it.",
        "model_data_inputs": "--data gives one input, but the model takes {count}: {names}",
        "model_data_inputs_hint": "Inspect it without --data: each input then gets a random batch.",
        "model_data_rank": "--data gives windows (batch, time steps, features) of floats, but the model's input {name} takes {symbolic} {dtype}",
        "model_data_rank_hint": "Inspect it without --data: a random batch fits any input.",
        "model_batch_fixed_all": "the model fixes its batch size at {fixed} (built with batch_size, as a stateful layer needs), so --batch {value} changes nothing",
        "model_batch_fixed_all_hint": "Leave --batch out: the model sets it.",
        "model_window_fixed_all": "every input of the model fixes its time steps ({fixed}), so --window {value} changes nothing",
        "model_window_fixed_all_hint": "Leave --window out: the model sets it.",
        "model_window_no_time": "the model's inputs {shapes} have no time axis, so --window {value} changes nothing",
        "model_window_no_time_hint": "Leave --window out.",
        "spec_model_path": "model must be a file path (or FILE.py:FUNCTION) as a string, got {value!r}",
        "spec_beside_model": "{name} means nothing with model = {model!r}: the saved model fixes it",
        "spec_model_no_run": "run = false means nothing with a model: a saved model is inspected by running it",
        "data_with_backends": "--backend {backends} cannot be combined with --data: each backend runs in its own process, and the windows of your data are not handed to those processes",
        "data_with_backends_hint": "Run one backend at a time with --data (--backend {first}), or leave --data out to compare the backends on a random batch.",
        "data_not_finite_lines": "{path}: {count} empty, NaN or infinite cells, the first in column {column!r}, line {line}",
        "data_not_finite_lines_hint": "Fill or drop them, or pass --allow-missing to keep them as NaN.",
        "data_not_finite_rows": "{path}: {count} empty, NaN or infinite cells, the first in column {column!r}, row {line}",
        "data_not_finite_rows_hint": "Fill or drop them, or pass --allow-missing to keep them as NaN.",
        "data_too_few_rows_window": "{rows} rows are too few: one window of {window} time steps needs {needed} rows",
        "data_too_few_rows_window_hint": "Use a shorter --window or a smaller --sampling-rate, or more rows.",
        "data_too_few_rows_target": "{rows} rows are too few: one window of {window} time steps and its target need {needed} rows",
        "data_too_few_rows_target_hint": "Use a shorter --window, a smaller --horizon or --sampling-rate, or more rows.",
        "data_no_permission": "cannot read {path}: permission denied",
        "data_no_permission_hint": "Check who may read it: ls -l {path}",
        "data_not_npy": "{path} is not a NumPy {suffix} file: its first bytes are not a {suffix} header",
        "data_not_npy_hint": "Save arrays with np.save (.npy) or np.savez (.npz).",
        "data_array_shape_hint": "Save numbers as a 2-D (rows, features) array; a single series is one column: a.reshape(-1, 1).",
        "lengths_with_data": "pads samples, but every window of the data is full: {window} rows each, none shorter",
        "lengths_with_data_hint": "Leave --lengths out with --data; to mask steps in your own rows, give them a value and use --mask-value V.",
        "compare_nothing_to_mask": "{flag}: the stack has nothing to mask",
        "compare_nothing_to_mask_hint": "Add --mask-value V (float input) or --embedding-vocab N --mask-zero (token ids), with --lengths L1,L2,... to pad the samples.",
        "compare_nothing_padded": "padding: nothing is padded, so pre and post are the same batch",
        "compare_nothing_padded_hint": "Add --lengths L1,L2,... or --lengths random.",
        "compare_mask_and_padding": "mask and padding together: with the mask off nothing is padded, so its padding would mean nothing",
        "compare_mask_and_padding_hint": "Compare them one at a time: --compare mask, then --compare padding.",
    },
    terms={"concat": "concat", "sum": "sum", "mul": "mul", "ave": "ave"},
    phrases={
        "list_separator": "; ",
        # Checks: predicted against observed.
        "shapes_match": "shapes match the prediction",
        "all_tensors": "all {count} tensors",
        "tensors_differ": "tensors: predicted {predicted:join:, }; Keras gave {observed:join:, }",
        "shape_differs": "{tensor}: predicted {predicted}, Keras gave {observed}",
        "params_match": "parameters match the prediction",
        "params_total": "{total:,} in {layers} {layers:plural:layer|layers}",
        "layer_missing": "{layer}: missing from Keras",
        "params_differ": "{layer}: predicted {predicted:,}, Keras counts {observed:,}",
        "weights_differ": "{layer} weights: predicted {predicted}; Keras has {observed}",
        "problems": "{items:join:; }",
        "keras_returned": "Keras returned the predicted tensors",
        "returned_count": "{layer}: Keras returned {got} tensors, the prediction has {want}",
        # Checks: the state invariants.
        "state_check": "{layer}: {what}",
        "is_top_h": "{left} == {index}.h, the top cell's h",
        "is_h": "{left} == h",
        "is_forward_h": "{left} == forward h",
        "is_backward_h": "{left} == backward h",
        "is_merged_h": "output == {merge} of forward h and backward h",
        "shapes_differ": "shapes differ: {left} vs {right}",
        "exactly_equal": "exactly equal",
        "largest_difference": "largest difference {diff:.3g}",
        # Checks: pinned expectations.
        "expect": "expect {tensor}",
        "expect_met": "{text}",
        "expect_failed": "expected {text}, got {shape}",
        # Checks across backends.
        "on_backend": "{backend}: {check}",
        "agrees_with": "{backend} agrees with {first}",
        "agreement_shape": "{tensor}: shape {shape} against {other} on {first}",
        "agreement_beyond": "{tensor}: {diff:.3g} > {allowed:.3g}",
        "agreement_failed": "beyond the tolerance of {tolerance:.0e} × max(1, |value|): {items:join:; }",
        "agreement_ok": "largest difference {diff:.2g} ({tensor}), tolerance {tolerance:.0e} × max(1, |value|)",
        # Kernel paths and why a layer is not on cuDNN.
        "kernel_fast": "{layer} kernel path: cuDNN ({how})",
        "kernel_slow": "{layer} kernel path: {path}, not cuDNN ({how})",
        "kernel_slow_why": "{layer} kernel path: {path}, not cuDNN: {reasons:join:, } ({how})",
        "kernel_summary": "{layer}: {path}",
        "kernel_summary_why": "{layer}: {path}: {reasons:join:, }",
        "kernel_summary_predicted": "{summary} (predicted)",
        "kernel_on": "{layer} on {backend}, {device}",
        "confirmed": "confirmed",
        "predicted": "predicted",
        "cudnn": "cuDNN",
        "generic loop": "generic loop",
        "backend loop": "backend loop",
        "path_why": "{path}: {reasons:join:, }",
        "rules_predicted": "the rules predicted {path}",
        "no_fused_simple": "SimpleRNN has no fused kernel",
        "no_fused_stacked": "an RNN over several cells has no fused kernel: Keras runs its cells in the generic loop",
        "no_fused_convlstm": "ConvLSTM has no fused kernel: its gates are convolutions, run by the generic loop",
        "no_fused_generic": "a custom cell runs in the generic loop",
        "recurrent_dropout": "recurrent_dropout > 0",
        "activation_is": "activation is {value}",
        "recurrent_activation_is": "recurrent_activation is {value}",
        "unroll": "unroll",
        "use_bias_off": "use_bias is off",
        "reset_after_off": "reset_after is off",
        "device_cpu": "device is CPU",
        "no_gpu": "no GPU",
        "left_padded": "mask is not right-padded (padding pre): TensorFlow's cuDNN takes only right-padded masks",
        "fully_masked": "a sample has no valid step: TensorFlow's cuDNN mask check fails and an eager call falls back to the generic loop (predicted: inside fit or predict on a GPU it raises InvalidArgumentError instead)",
        "mask_jax": "mask: JAX's fused kernels take no mask",
        "mask_torch": "mask: PyTorch's fused kernels take no mask",
        "merge_sum": "sum",
        "merge_mul": "mul",
        "merge_ave": "ave",
        "jax_no_cudnn_gru": "JAX has no cuDNN GRU",
        "spec_kind_case": "case",
        "spec_kind_layer": "layer",
        "spec_kind_head": "head",
        "spec_kind_conv": "conv",
        "spec_kind_top": "top-level",
        "spec_kind_defaults": "defaults",
        "os_missing": "No such file or directory",
        "os_directory": "Is a directory",
        "os_denied": "Permission denied",
        "field_problem": "{field}: {problem}",
        "with_hint": "{message:stop} {hint}",
        "at_line": "line {line}: {text}",
        # `lstm-shapes check`: one case's outcome.
        "check_failed": "{name}: {detail}",
        "rejected_as_expected": "rejected as expected ({text!r})",
        "rejected_lacks": "rejected, but the message lacks {text!r}: {message}",
        "built_anyway": "expected an error containing {text!r}, but it built",
        "case_passed": "{count} {count:plural:check|checks} on {what} shapes ({pinned} pinned)",
        "shapes_predicted": "predicted",
        "shapes_observed": "observed",
        "case_where": " case {name!r}:",
        "github_cases": "{passed} of {total} {total:plural:case|cases} passed",
        "github_checks": "{passed} of {total} {total:plural:check|checks} passed",
        "github_no_checks": "no checks: the shapes were only predicted; --expect pins one",
        "status_passed": "passed",
        "status_failed": "failed",
        "status_invalid": "invalid",
        "status_error": "error",
        "suite_title": "lstm-shapes check · {what}",
        "suite_no_run": "predicted shapes (--no-run)",
        "suite_observed": "observed shapes",
        "suite_nothing_run": "predicted shapes, nothing was run",
        "suite_file": "File",
        "suite_case": "Case",
        "suite_status": "Status",
        "suite_detail": "Detail",
        "suite_time": "Time",
        "suite_count": "{count} {status}",
        "suite_no_cases": "no cases",
        # Where a message starts listing the valid values (the check table leaves the list out).
        "valid_values_start": " Valid ",
        "install_or": "{install} (or: {plain})",
        # What the spinner says while a run is in progress.
        "step_starting": "Starting",
        "step_loading": "Loading Keras and {backend}",
        "step_running": "Building and running the stack on {backend}, {device}",
        "step_timing": "Timing the forward pass on {backend}, {device}",
        "step_backend": "Running on {backend} ({index} of {count}), in its own process",
        "step_loading_model": "Loading {path}",
        "step_running_model": "Running the batch on {backend}, {device}",
        "step_training": "One training step on a copy of the model",
        "step_windows": "Windowing the data with keras.utils.timeseries_dataset_from_array",
        "step_train": "One training step (train_on_batch) on a copy of the model",
        "os_full": "No space left on device",
        "os_not_directory": "Not a directory",
        "os_read_only": "Read-only file system",
        "timing": "forward pass {seconds}: median of {calls} warm {calls:plural:call|calls} on {backend}, {device}",
        "settings": "{items:join:, }",
        "setting_on": "{flag} on",
        "setting_off": "{flag} off",
        "shapes_model": "the model's observed",
        "model_case_no_run": "a model case runs the model: check it without --no-run",
        "model_check_symbolic": "observed shapes match Keras's symbolic shapes",
        "model_check_params": "parameters add up to model.count_params()",
        "model_check_copy": "{path}: a return_state copy gives the layer's own output",
        "model_check_invariant": "{path}: {what}",
        "model_detail_symbolic_all": "all {count} tensors Keras names",
        "model_detail_mismatch": "{name}: ran {shape}, Keras says {symbolic}",
        "model_check_layer_math": "the layer math gives what ran where Keras's symbolic shape does not",
        "model_detail_layer_math": "{name}: last axis {size}",
        "model_note_symbolic": (
            "note: {name}: Keras's symbolic shape {symbolic} (layer.output.shape, what model.summary() "
            "prints) is not what the layer returns, {shape}; the layer math gives {size} on the last "
            "axis (each direction its own cell's width), and the real tensor agrees. Trust {shape}."
        ),
        "model_detail_count": "{total}",
        "model_detail_params_differ": "layers add to {total}, Keras counts {keras}",
        "model_detail_differ": "differ",
        "model_detail_largest": "largest difference {diff}",
        # The user's data against the output, as a loss sees them.
        "targets_fit": "targets fit the output as the loss sees them",
        "targets_seen": "y {y} against the output {out} under {loss}",
        "reason_fix": "{reason}; {fix}",
        "training_step_agrees": "one real training step agrees",
        "train_accepted": "train_on_batch accepted it (loss {loss})",
        "loss_got": "{said}; the loss got y_true {y} and y_pred {out}",
        "broadcast_quietly": "{said} (Keras broadcast them without a word)",
        "windows_match": "windows match Keras's timeseries_dataset_from_array",
        "windows_first": "{batches:,} batches, first X {x}",
        "windows_y": "y {y}",
        "windows_last": "last X {x}",
        "list": "{items:join:, }",
        "loss_sparse_shape": "sparse labels need shape {want} or {other} for an output {out}",
        "loss_one_hot": "one-hot targets must have the output's shape {out}, got {y}",
        "fix_steps_all": "use --target-steps all for one target per step, or turn --return-sequences off",
        "fix_steps_last": "use --target-steps last, or turn --return-sequences on",
        "fix_last_axis": "make the output's last axis {want} (--head dense --head-units {want}) or use {columns} target columns",
        "loss_labels": "labels must be whole numbers 0 .. {top}, found {low} .. {high}: on {backend} {said}",
        "loss_labels_truncated": "labels must be whole numbers 0 .. {top}, found {low} .. {high}: Keras casts them to integers and {said}",
        "keras_raises": "Keras raises",
        "keras_silent": "Keras trains on them without a word",
        "loss_same_shape": "{loss} needs y and the output of one shape (the backend's {op} checks it): y {y}, output {out}, so Keras raises",
        "loss_broadcasts": "{loss} broadcasts y {y} against the output {out} to {both} without a word: every target is compared with every output",
        "loss_cannot_pair": "{loss} cannot broadcast y {y} against the output {out}, so Keras raises",
        "outcome_match": "trains on matching shapes",
        "outcome_silent": "trains on mismatched targets without a word",
        "outcome_raises": "raises",
        "outcome_agrees": "as predicted, Keras {outcome}: {said}",
        "outcome_differs": "we predicted Keras {ours}, but Keras {keras}: {said}",
        "fix_time_steps": "y has {y} steps per window; the output has {out} after {trail:join:, }: keep the time axis's length (--conv-padding same, --conv-strides 1) or use --target-steps last",
        "fix_per_step": "y holds one target per step ({steps} per window) but the output one per window: turn --return-sequences on with --head dense --head-units 1, or keep one target column",
        "time_change": "{layer} ({how}: {before} → {after} steps)",
        "how_conv": "kernel {kernel}, strides {strides}, {padding} padding",
        "how_pool": "{kind}, pool {pool}, strides {strides}",
        "how_repeat": "repeats its input {n} times",
        "how_last_step": "returns only its last step",
        "how_kind": "{kind}",
        "model_fix_steps_all": "use --target-steps all for one target per step, or set return_sequences=False on the model's layer {layer}",
        "model_fix_steps_last_rnn": "y has {steps} steps per window but the model's layer {layer} returns only its last step: set return_sequences=True on {layer} (and keep the layers above it per step), or use --target-steps last",
        "model_fix_steps_last_drop": "y has {steps} steps per window but the model's layer {layer} ({kind}) drops the time axis: remove it (a Dense after it acts per step), or use --target-steps last",
        "model_fix_steps_last_input": "y has {steps} steps per window but the model's input has no time axis: give it one (keras.Input(shape=(T, F))), or use --target-steps last",
        "model_fix_time": 'y has {y} steps per window; the output has {out} after {trail:join:, }: change those layers (padding="same", strides 1, no pooling) or give y the output\'s steps',
        "model_fix_last_axis": "give the model's last layer {layer} {want} units, or use {columns} target columns",
        "model_fix_labels": "give the model's last layer {layer} {units} units, or renumber the classes 0 .. N - 1",
        "partial_fix_sequences": "{layer} ({kind}) returns only its last step, a 2-D (batch, units) output, so {failing} gets no time axis: set return_sequences=True on {layer}",
        "partial_fix_dropped": "{layer} ({kind}) drops the time axis, so {failing} gets a 2-D input: remove {layer}, or move it after {failing}",
        "partial_fix_input": "the model's input {input} {shape} has no time axis, so {failing} gets a 2-D input: give it one, keras.Input(shape=(T, F))",
        "partial_fix_input_dense": "the model's input {input} {shape} has no time axis and {dense} (Dense) keeps it 2-D, so {failing} gets a 2-D input: give the input one, keras.Input(shape=(T, F)); a Dense then acts per step",
        "partial_fix_rank": "{failing} needs a {need}-D input but gets a {got}-D one: change the layer before it, or the input's shape",
        "partial_fix_width": "{failing} was built for {want} features on its last axis but gets {got} from {layer}: make {layer}'s output {want} wide, or build {failing} on what {layer} gives",
        "partial_fix_bidirectional_width": "{layer} (Bidirectional) gives {got} features, but Keras built {failing} for {want}: its symbolic shape doubles the forward layer's width even when backward_layer is narrower. Give backward_layer the forward layer's units",
        "partial_fix_batch": "{failing} cannot take what the batch ({shapes}) gives it: change --batch or --window, or {failing} itself",
        "partial_fix_other": "change {failing} or the layer before it as Keras's message says",
        "fix_same_shape": "make y and the output the same shape",
        "fix_class_column": "use one target column of class numbers",
        "fix_labels": "give the head {units} units (--head-units) or renumber the classes",
        "setting_value": "{flag} {value}",
        # Checks under a mask, per sample.
        "mask_where": " on {backend}, {device}",
        "mask_where_path": " on {backend}, {device} ({path})",
        "mask_forward": "{layer} forward",
        "mask_backward": "{layer} backward",
        "mask_forward_h": "forward h",
        "mask_backward_h": "backward h",
        "padded_repeat": "repeat the last valid output (zeros before the first)",
        "padded_zeros": "hold zeros",
        "padded_check": "{layer}: padded steps {rule}",
        "padded_row0": "{layer}: the vector at each padded id 0 is row 0 of the table, not zeros (only the mask skips it)",
        "padded_row0_exactly": "{count} padded {count:plural:step|steps}, exactly (row 0 has norm {norm:.3g})",
        "padded_row0_differs": "differs from row 0 by up to {value:.3g}",
        "carried_check": "{layer}: batch {batch} starts from batch {previous}'s final states",
        "carried_exactly": "{states} (largest {size:.3g}), exactly as a fresh layer given them as initial_state; from zeros it would differ by {diff:.3g}",
        "carried_not_kept": "the layer's {states} at the start of the batch are not batch {previous}'s final states",
        "carried_differs": "a fresh layer given those states as initial_state differs by {diff:.3g}",
        "reset_check": "{layer}: reset_states() sets every state to zeros",
        "reset_exactly": "exactly; batch 1 run again gives batch 1's first outputs, bit for bit",
        "reset_not_zero": "a state is not zeros after reset_states()",
        "reset_differs": "batch 1 run again after the reset differs from its first run by {diff:.3g}",
        "empty_sample_check": "sample {samples} (no valid step): {layer}'s {tensors} all zeros",
        "empty_exactly": "exactly: every step skipped, the states never left their zero start",
        "empty_not_zero": "{where}: holds values up to {value:.3g}, not zeros",
        "padded_exactly": "{count} padded {count:plural:step|steps}, exactly",
        "padded_deviates": "deviates{where}: {bad} of {count} padded steps differ, first sample {sample} step {step} of {tensor}; largest difference {diff:.3g}",
        "padded_merged": "{layer}: padded steps hold zeros ({merge} of two zero directions)",
        "merged_deviates": "deviates{where}: largest value {value:.3g}",
        "h_at_last": "{layer}: {h} == {tensor} at each sample's last valid step",
        "h_at_first": "{layer}: {h} == {tensor} at each sample's first valid step",
        "h_rounding": "equal to float32 rounding on {backend}: largest difference {diff:.3g}; {why}",
        "h_deviates": "deviates{where}: largest difference {diff:.3g}",
        "mask_matches": "{layer}: Keras's mask == the lengths and padding",
        "mask_exactly": "one mask step per sample and step, exactly",
        "mask_none": "Keras attached no mask",
        "mask_differs": "differs at {count} steps",
    },
)
