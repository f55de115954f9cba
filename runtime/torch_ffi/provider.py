"""Imports torch and every category module; each registers its externs on import."""

from runtime.torch_ffi import (  # noqa: F401
    activations,
    arithmetic,
    autograd,
    checkpoint,
    convert,
    creation,
    data,
    device,
    distributed,
    handles,
    tensor_class,
    indexing,
    info,
    io,
    linalg,
    losses,
    nn,
    optim,
    reductions,
    safetensors,
    shape,
)
from runtime.torch_ffi import bridges  # noqa: F401, E402  (last: it wraps the handle externs above)
