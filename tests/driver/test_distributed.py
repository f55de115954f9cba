"""`spl2py run --nproc N`: option parsing, rendezvous choice, compile once, and real 2-process
launches that fail (a raising rank stops the run promptly, with its .spl traceback)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from spl2py.driver import distributed as D

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 240


def write(tmp_path: Path, text: str, name: str = "prog.spl") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "spl2py", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=TIMEOUT, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


# ---- options ----------------------------------------------------------------------------------


def test_parse_takes_torchrun_flags_and_program_args():
    launch = D.parse(["--nproc", "4", "--nnodes=2", "--node-rank", "1", "--master-addr", "10.0.0.5",
                      "--master-port=29511", "--quiet-ranks", "--debug", "--lib", "L", "prog.spl", "--nproc", "x"])
    assert (launch.nproc, launch.nnodes, launch.node_rank, launch.master_addr, launch.master_port) == (
        4, "2", 1, "10.0.0.5", 29511)
    assert launch.quiet_ranks and launch.debug and launch.libs == ["L"]
    assert launch.file == Path("prog.spl") and launch.args == ["--nproc", "x"]
    assert D.rendezvous(launch) == ("static", "10.0.0.5:29511", {"rank": 1})
    elastic = D.parse(["--nproc", "2", "--nnodes", "1:3", "--rdzv-backend", "c10d", "--rdzv-endpoint",
                       "head:29400", "--rdzv-id", "job7", "p.spl"])
    assert elastic.node_range() == (1, 3) and elastic.rdzv_id == "job7"
    assert D.rendezvous(elastic) == ("c10d", "head:29400", {})
    assert D.rendezvous(D.parse(["--nproc", "2", "p.spl"])) == ("c10d", "localhost:0", {})  # like --standalone


@pytest.mark.parametrize("argv, message", [
    (["--nproc", "0", "p.spl"], "--nproc must be at least 1"),
    (["--nproc", "two", "p.spl"], "--nproc needs an integer"),
    (["--nproc", "2"], "missing the .spl FILE"),
    (["--nnodes", "2", "p.spl"], "need --nproc N"),
    (["--nproc", "2", "--nnodes", "a:b", "p.spl"], "--nnodes must be N or MIN:MAX"),
    (["--nproc", "2", "--bogus", "p.spl"], "unknown option '--bogus'"),
    (["--nproc"], "--nproc needs a value"),
])
def test_parse_errors(argv, message):
    with pytest.raises(D.UsageError, match=re.escape(message)):
        D.parse(argv)


def test_busy_port_is_a_one_line_error(tmp_path):
    prog = write(tmp_path, 'fn main():\n    print "hi"\n')
    with socket.socket() as busy:
        busy.bind(("", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("run", "--nproc", "2", "--master-port", str(port), str(prog), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"error: port {port} is already in use on this machine; choose another with --master-port\n"
    assert result.stdout == ""


def test_compile_error_is_reported_once_before_any_worker(tmp_path):
    prog = write(tmp_path, "fn main(:\n    print 1\n")
    result = cli("run", "--nproc", "3", str(prog), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("error:") == 1 and "prog.spl:1:" in result.stderr


def test_parent_compiles_so_workers_only_read_the_cache(tmp_path, monkeypatch):
    from spl2py.driver.cache import cached_code
    from spl2py.driver.run import _cache_for, load_program

    monkeypatch.setenv("SPL2PY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SPL2PY_NO_CACHE", raising=False)
    write(tmp_path, "fn helper() -> i64:\n    41\n", "helper.spl")
    prog = write(tmp_path, "use helper.{helper}\nfn main():\n    print helper() + 1\n")
    assert D.compile_once(prog, None) == 0

    def must_not_compile(unit):
        raise AssertionError(f"{unit.path} compiled again")

    cache = _cache_for(prog)
    units = load_program(prog, None, cache).units
    assert len(units) == 2
    for unit in units:
        cached_code(unit, must_not_compile, cache)


def test_plain_run_never_touches_the_launcher(tmp_path):
    prog = write(tmp_path, 'fn main():\n    print "alone"\n')
    probe = ("import sys; from spl2py.driver.run import fast_cli; code = fast_cli(['run', sys.argv[1]]); "
             "print(sorted(m for m in sys.modules if m.startswith(('torch', 'spl2py.driver.distributed'))), code)")
    result = subprocess.run([sys.executable, "-c", probe, str(prog)], capture_output=True, text=True,
                            timeout=TIMEOUT, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path)
    assert result.stdout == "alone\n[] 0\n", result.stderr


# ---- real launches ------------------------------------------------------------------------------


def test_a_raising_rank_stops_the_run_promptly_with_its_spl_line(tmp_path):
    """Rank 1 panics while rank 0 computes for ever: the launcher must stop rank 0 and exit 1."""
    prog = write(tmp_path, """
        use lib.torch.distributed.{init_process_group, get_rank}
        use lib.system.{clock_ms}

        fn main():
            init_process_group()
            print "rank {get_rank()} up"
            if get_rank() == 1:
                eprint "panicking at {clock_ms()}"
                panic("rank one gives up")
            var n = 0
            while true:
                n = n + 1
    """, "fail.spl")
    result = cli("run", "--nproc", "2", "--quiet-ranks", str(prog), cwd=tmp_path)
    ended = time.perf_counter() * 1000.0  # clock_ms is perf_counter: one monotonic clock per machine
    assert result.returncode == 1, result.stderr
    assert result.stdout == "rank 0 up\n"  # rank 1's stdout is hidden by --quiet-ranks
    err = result.stderr
    assert '[rank 1]   File "' in err and 'fail.spl", line 9, in main' in err, err
    assert "[rank 1] error: panic: rank one gives up" in err
    assert err.rstrip().endswith("error: rank 1 failed (exit code 1); the other ranks were stopped"), err
    panicked = float(re.search(r"panicking at ([\d.]+)", err).group(1))
    print(f"stopped {(ended - panicked) / 1000:.1f} s after the panic")
    # about a second on an idle machine; the bound leaves room for a 2-core machine shared by many
    assert ended - panicked < 20_000, f"the run took {(ended - panicked) / 1000:.1f} s to stop after the panic"
