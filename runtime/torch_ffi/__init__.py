"""The rt_torch_* externs over real torch, one module per category.

This package file is torch-free (so `runtime.torch_ffi.signatures` can be read at compile time);
`runtime.torch_ffi.provider` imports torch and every category module, which register themselves
in `runtime.externs`.
"""
