"""Backends and devices at run time: select the backend, find GPUs, read a tensor's device,
and record which of Keras's kernels really ran.

Every function that needs a framework imports it inside, when it is called.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from lstm_shapes.errors import EnvironmentProblem
from lstm_shapes.locales import Phrase
from lstm_shapes.spec.backend_choice import BACKEND_LOOP, CUDNN, ENV, GENERIC, KernelPath
from lstm_shapes.spec.refusals import environment


def select(backend: str) -> None:
    """Make `backend` the one the first `import keras` in this process loads.

    Keras reads KERAS_BACKEND once, when it is first imported; a process that has
    already loaded it with another backend cannot switch (run another process).
    """
    loaded = sys.modules.get("keras")
    if loaded is not None:
        current = loaded.config.backend()
        if current != backend:
            raise environment("backend_already_loaded", current=current, backend=backend)
        return
    os.environ[ENV] = backend


# --- devices -------------------------------------------------------------------------------------------


@functools.cache
def gpu_count(backend: str) -> int:
    """GPUs the backend sees (it must be importable; call after Keras is imported)."""
    if backend == "tensorflow":
        import tensorflow as tf

        return len(tf.config.list_logical_devices("GPU"))
    if backend == "jax":
        import jax

        try:
            return len(jax.devices("gpu"))
        except RuntimeError:  # "Unknown backend: 'gpu' requested ..."
            return 0
    import torch

    return int(torch.cuda.device_count()) if torch.cuda.is_available() else 0


def no_gpu(backend: str) -> EnvironmentProblem:
    """--device gpu where the backend sees none: what to install, per backend."""
    if backend == "tensorflow":
        # The wording the TensorFlow-only tool always had (tests pin it).
        return environment("no_gpu_tensorflow")
    if backend == "jax":
        return environment("no_gpu_jax")
    import torch

    if torch.version.cuda is None:
        return environment("no_gpu_torch_build", version=torch.__version__)
    return environment("no_gpu_torch", cuda=torch.version.cuda)


def scope_name(backend: str, gpu: bool) -> str:
    """The name `keras.device` takes.

    PyTorch gets "cpu", not "cpu:0": Keras 3.15's torch backend moves each new
    variable `.to("cpu:0")`, which PyTorch treats as another device than the "cpu" the
    variable was made on, and the copy it makes of the integer seed state of every
    RNN cell then fails ("Only Tensors of floating point ... can require gradients").
    """
    if gpu:
        return "gpu:0"
    return "cpu" if backend == "torch" else "cpu:0"


def _device_label(kind: str, index: int | None) -> str:
    kind = {"cuda": "GPU", "gpu": "GPU", "rocm": "GPU"}.get(kind.lower(), kind.upper())
    return f"{kind}:{index or 0}"


def tensor_device(backend: str, tensor: Any) -> str:
    """Where a tensor really lives, as 'CPU:0' or 'GPU:0' on every backend."""
    if backend == "jax":
        devices = tensor.devices() if hasattr(tensor, "devices") else {tensor.device}
        return ", ".join(sorted(_device_label(d.platform, d.id) for d in devices))
    if backend == "torch":
        return _device_label(tensor.device.type, tensor.device.index)
    name = str(tensor.device)
    return name.rsplit("device:", 1)[-1] if "device:" in name else name


def backend_version(backend: str) -> str:
    module = __import__(backend)
    return str(module.__version__)


def synchronize(backend: str, tensors: list[Any]) -> None:
    """Wait until the device has finished computing `tensors` (GPU work is asynchronous)."""
    if backend == "jax":
        import jax

        block: Any = jax.block_until_ready  # untyped in jax's stubs
        block(tensors)
    elif backend == "torch":
        import torch

        if torch.cuda.is_available():
            torch.cuda.synchronize()
    else:
        import tensorflow as tf

        sync = getattr(getattr(tf.test, "experimental", None), "sync_devices", None)
        if sync is not None:
            sync()


@contextlib.contextmanager
def inference(backend: str) -> Iterator[None]:
    """PyTorch records every op for a backward pass unless told not to; a forward pass needs none."""
    if backend == "torch":
        import torch

        with torch.no_grad():
            yield
    else:
        yield


# --- kernel paths: what really ran ---------------------------------------------------------------------

# Keras's backend functions a recurrent layer may hand its loop to (keras.src.backend.X).
_KERNELS = ("lstm", "gru", "bidirectional_lstm", "bidirectional_gru")
# Helpers that only the cuDNN branch calls, where a backend's lstm()/gru() also has a non-cuDNN branch.
_CUDNN_HELPERS = {"torch": ("_cudnn_lstm", "_cudnn_gru")}


class PathRecorder:
    """Records which of Keras's backend kernels each layer's call really used.

    It wraps `keras.src.backend.lstm` and friends (what LSTM, GRU and Bidirectional
    call) and, on PyTorch, the cuDNN-only helpers, for the duration of one pass. A
    kernel that returned did the work; one that raised NotImplementedError declined,
    and Keras fell back to its generic loop.
    """

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.layer: str | None = None
        self.events: dict[str, list[str]] = {}
        self.working = False

    def _wrap(self, what: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            try:
                result = fn(*args, **kwargs)
            except NotImplementedError:
                self._note(f"{what} declined")
                raise
            self._note(f"{what} ran")
            return result

        return recorded

    def _note(self, event: str) -> None:
        if self.layer is not None:
            self.events.setdefault(self.layer, []).append(event)

    @contextlib.contextmanager
    def recording(self) -> Iterator[PathRecorder]:
        patched: list[tuple[Any, str, Any]] = []
        try:
            import importlib

            from keras.src import backend as keras_backend

            targets: list[tuple[Any, str, str]] = [(keras_backend, n, n) for n in _KERNELS]
            helpers = _CUDNN_HELPERS.get(self.backend, ())
            if helpers:
                module = importlib.import_module(f"keras.src.backend.{self.backend}.rnn")
                targets += [(module, n, "cudnn") for n in helpers]
            for owner, attr, what in targets:
                original = getattr(owner, attr, None)
                if callable(original):
                    setattr(owner, attr, self._wrap(what, original))
                    patched.append((owner, attr, original))
            self.working = len(patched) == len(targets)
        except ImportError:
            self.working = False
        try:
            yield self
        finally:
            for owner, attr, original in reversed(patched):
                setattr(owner, attr, original)

    @contextlib.contextmanager
    def on(self, layer: str) -> Iterator[None]:
        self.layer = layer
        try:
            yield
        finally:
            self.layer = None

    def observed(self, layer: str) -> str:
        """The path `layer` took, from what its call recorded."""
        ran = {event.split()[0] for event in self.events.get(layer, []) if event.endswith(" ran")}
        # The fused bidirectional kernels are cuDNN on every backend that has them.
        if "cudnn" in ran or ran & {"bidirectional_lstm", "bidirectional_gru"}:
            return CUDNN
        if self.backend == "torch":
            return BACKEND_LOOP if ran & {"lstm", "gru"} else GENERIC
        if self.backend == "jax":
            if "lstm" in ran:
                return CUDNN
            return BACKEND_LOOP if "gru" in ran else GENERIC
        return CUDNN if ran & {"lstm", "gru"} else GENERIC


def confirm(predicted: KernelPath, recorder: PathRecorder | None) -> KernelPath:
    """The predicted path, confirmed (or corrected) by what the recorder saw."""
    if recorder is None or not recorder.working:
        return predicted
    seen = recorder.observed(predicted.layer)
    if seen == predicted.path:
        return KernelPath(predicted.layer, seen, predicted.reasons, confirmed=True)
    note = Phrase("rules_predicted", path=predicted.describe())
    return KernelPath(predicted.layer, seen, (note,), confirmed=True)
