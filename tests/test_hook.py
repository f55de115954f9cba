"""`import spl2py.hook`: Python imports .spl modules from sys.path, sharing spl2py's cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

FILES = {
    "simple.sdn": "",
    "myproj/geometry.spl": (
        "use shapes.util.{square}\n\nval PI = 3\n\nfn area_of(r: i64) -> i64:\n    PI * square(r)\n"
    ),
    "myproj/shapes/util.spl": "fn square(x: i64) -> i64:\n    x * x\n",
    "tools/__init__.spl": "fn version() -> text:\n    \"1.0\"\n",
    "tools/extra.spl": "fn more() -> i64:\n    7\n",
    "mixed/thing.py": "WHERE = 'python'\n",
    "mixed/thing.spl": "val WHERE = \"simple\"\n",
    "broken/bad.spl": "use nowhere.{x}\n",
}


def write(root: Path) -> Path:
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def python(code: str, cwd: Path, cache: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "SPL2PY_CACHE_DIR": str(cache), **(extra_env or {})}
    env.pop("SPL2PY_NO_CACHE", None)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_python_imports_a_spl_module(tmp_path):
    root = write(tmp_path / "work")
    code = (
        "import spl2py.hook\n"
        "from myproj.geometry import area_of, PI\n"
        "import myproj.geometry as g\n"
        "print(area_of(2), PI, g.__file__.endswith('geometry.spl'))\n"
    )
    result = python(code, root, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "12 3 True\n"


def test_spl_package_and_submodule(tmp_path):
    root = write(tmp_path / "work")
    code = "import spl2py.hook\nimport tools, tools.extra\nprint(tools.version(), tools.extra.more())\n"
    result = python(code, root, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1.0 7\n"


def test_a_python_module_of_the_same_name_wins(tmp_path):
    root = write(tmp_path / "work")
    result = python("import spl2py.hook\nfrom mixed.thing import WHERE\nprint(WHERE)\n", root, tmp_path / "cache")
    assert result.stdout == "python\n", result.stderr


def test_compile_error_is_an_import_error(tmp_path):
    root = write(tmp_path / "work")
    code = (
        "import spl2py.hook\n"
        "try:\n    import broken.bad\n"
        "except ImportError as e:\n    print(type(e).__name__); print(e)\n"
    )
    result = python(code, root, tmp_path / "cache")
    assert result.stdout.startswith("SplImportError\n"), result.stderr
    assert "error: module `nowhere` not found" in result.stdout
    assert "use nowhere.{x}" in result.stdout


def test_second_import_comes_from_the_cache(tmp_path):
    root = write(tmp_path / "work")
    cache = tmp_path / "cache"
    first = python("import spl2py.hook\nfrom myproj.geometry import area_of\nprint(area_of(3))\n", root, cache)
    assert first.stdout == "27\n", first.stderr
    assert any(p.is_file() for p in (cache / "v2/code").rglob("*"))
    # with the parser sabotaged, the import still works: code and summaries come from the cache
    code = (
        "import spl2py.syntax\n"
        "def no_parse(*a):\n    raise SystemExit('parsed')\n"
        "spl2py.syntax.parse = no_parse\n"
        "import spl2py.hook\nfrom myproj.geometry import area_of\nprint(area_of(3))\n"
    )
    second = python(code, root, cache)
    assert second.returncode == 0, second.stderr
    assert second.stdout == "27\n"
