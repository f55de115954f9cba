"""The extern registry: signatures, lookups without torch, binding, user registration."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from runtime import externs
from runtime.errors import ExternError
from runtime.externs import ExternSignature, parse_signature

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def registry(monkeypatch):
    """A private copy of the registrations, so user externs registered here do not leak."""
    monkeypatch.setattr(externs, "_registry", dict(externs._registry))
    return externs


# ---- signatures -----------------------------------------------------------------------------


def test_parse_signature():
    sig = parse_signature("(data: [f64], dims: [i64]) -> i64")
    assert sig == ExternSignature((("data", "[f64]"), ("dims", "[i64]")), "i64")
    assert sig.arity == 2 and sig.param_types == ("[f64]", "[i64]")
    assert str(sig) == "(data: [f64], dims: [i64]) -> i64"
    assert parse_signature("()") == ExternSignature((), None)
    assert parse_signature("(h: i64)").ret is None
    assert parse_signature("( m : Dict<text, i64> ) -> [i64]").params == (
        ("m", "Dict<text, i64>"),
    )


@pytest.mark.parametrize("bad", ["i64 -> i64", "(a i64)", "(a: i64", "(a: i64) i64"])
def test_parse_signature_rejects(bad):
    with pytest.raises(ValueError):
        parse_signature(bad)


def test_builtin_signature_and_names():
    sig = externs.signature("rt_torch_tensor_full")
    assert sig is not None and sig.arity == 2 and sig.ret == "i64"
    assert externs.signature("rt_torch_autograd_backward").ret is None
    assert externs.signature("rt_torch_nope") is None
    assert externs.signature("no_such_extern") is None
    names = externs.known_names()
    assert "rt_torch_tensor_zeros" in names and "rt_torch_optim_step" in names
    assert len([n for n in names if n.startswith("rt_torch_")]) >= 158


def test_close_names():
    assert externs.close_names("rt_torch_tensor_zeroes")[0] == "rt_torch_tensor_zeros"
    assert externs.close_names("completely_unrelated_name_xyz") == []


def test_bind_unknown_suggests_close_names():
    with pytest.raises(
        ExternError,
        match=r"^rt_torch_torchtensor_relux: no implementation .*"
        r"did you mean rt_torch_torchtensor_relu",
    ):
        externs.bind("rt_torch_torchtensor_relux")
    with pytest.raises(ExternError, match="no implementation for this extern$"):
        externs.bind("zzz_qqq")


def test_bind_builtin_returns_the_registered_callable():
    fn = externs.bind("rt_torch_torchtensor_numel")
    assert fn is externs.bind("rt_torch_torchtensor_numel")
    assert callable(fn) and fn.__name__ == "rt_torch_torchtensor_numel"


def test_queries_do_not_import_torch_and_bind_does():
    code = textwrap.dedent("""
        import sys
        import runtime.externs as e
        assert e.signature("rt_torch_nn_linear").arity == 3
        assert "rt_torch_tensor_eye" in e.known_names()
        assert e.close_names("rt_torch_tensor_ey")
        try:
            e.bind("rt_torch_tensor_ey")
        except Exception as exc:
            assert type(exc).__name__ == "ExternError"
        assert "torch" not in sys.modules, "a query imported torch"
        e.bind("rt_torch_tensor_eye")
        assert "torch" in sys.modules
        print("ok")
        """)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


# ---- user registration ----------------------------------------------------------------------


def test_user_extern_decorator(registry):
    @registry.extern("rt_user_scale", "(x: f64, k: i64) -> f64")
    def scale(x, k):
        return x * k

    bound = registry.bind("rt_user_scale")  # the function itself, behind the signature check
    assert bound.__wrapped__ is scale and bound(2.0, 3) == 6.0 and bound(2, 3) == 6
    with pytest.raises(ExternError, match=r"^rt_user_scale: argument 'k' must be i64, got f64 1.5$"):
        bound(2.0, 1.5)
    assert registry.signature("rt_user_scale").params == (("x", "f64"), ("k", "i64"))
    assert "rt_user_scale" in registry.known_names()
    assert registry.close_names("rt_user_scal")[0] == "rt_user_scale"  # other tests may register more


def test_duplicate_registration_is_an_error(registry):
    registry.extern("rt_user_dup", "(a: i64) -> i64")(lambda a: a)
    with pytest.raises(ExternError, match="already registered by module"):
        registry.extern("rt_user_dup", "(a: i64) -> i64")(lambda a: a + 1)


def test_builtin_name_needs_the_builtin_signature(registry):
    with pytest.raises(ExternError, match="differs from the built-in signature"):
        registry.extern("rt_torch_tensor_eye", "(n: i64, m: i64) -> i64")(
            lambda n, m: 0
        )


def test_replace_overrides_a_builtin(registry):
    registry.bind("rt_torch_tensor_eye")  # provider imported first
    registry.extern("rt_torch_tensor_eye", "(n: i64) -> i64", replace=True)(
        lambda n: -n
    )
    assert registry.bind("rt_torch_tensor_eye")(3) == -3


def test_load_module(registry, tmp_path, monkeypatch):
    (tmp_path / "my_spl_externs.py").write_text(textwrap.dedent("""
            from runtime.externs import extern

            @extern("rt_my_greet", "(name: text) -> text")
            def greet(name):
                return "hi " + name

            @extern("rt_my_count", "() -> i64")
            def count():
                return 3
            """))
    monkeypatch.syspath_prepend(str(tmp_path))
    assert registry.load_module("my_spl_externs") == ["rt_my_count", "rt_my_greet"]
    assert registry.bind("rt_my_greet")("ann") == "hi ann"
    assert registry.signature("rt_my_count").ret == "i64"
    sys.modules.pop("my_spl_externs", None)


def test_load_module_missing():
    with pytest.raises(
        ExternError, match="cannot import extern module 'no_such_mod_zz'"
    ):
        externs.load_module("no_such_mod_zz")
