"""``spl2py run --nproc N FILE [ARGS...]``: data-parallel runs through torch's elastic launcher.

The parent compiles the program once (filling the compile cache, so workers only read it and a
compile error is reported once), then starts N workers per node with
``torch.distributed.launcher.api.elastic_launch`` -- the engine behind torchrun -- each running
``python -m spl2py.driver.distributed worker ...`` with RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR
and MASTER_PORT set. Multi-node flags are torchrun's. A failing worker stops the others (no
restarts) and the run exits non-zero; the worker itself prints its .spl traceback. Output lines
of ranks > 0 carry a ``[rank R]`` prefix (stdout hidden with ``--quiet-ranks``).

Nothing here imports torch until a launch really starts; plain ``spl2py run`` never imports this.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

EXIT_USAGE = 2
# run's own options (shared with spl2py.driver.run.fast_cli) and the launcher's, as torchrun names them
VALUE_FLAGS = {"--lib", "--externs", "--nproc", "--nnodes", "--node-rank", "--master-addr", "--master-port",
               "--rdzv-backend", "--rdzv-endpoint", "--rdzv-id"}
SWITCHES = {"--debug", "--quiet-ranks"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


class UsageError(Exception):
    """A bad launcher option: one line for stderr, exit code 2."""


@dataclass
class Launch:
    """A parsed ``spl2py run --nproc ...`` command line."""

    file: Path
    args: list[str]
    nproc: int
    nnodes: str = "1"
    node_rank: int = 0
    master_addr: str = "127.0.0.1"
    master_port: int | None = None
    rdzv_backend: str | None = None
    rdzv_endpoint: str = ""
    rdzv_id: str = "none"
    quiet_ranks: bool = False
    debug: bool = False
    libs: list[str] = field(default_factory=list)
    externs: list[str] = field(default_factory=list)

    def node_range(self) -> tuple[int, int]:
        low, _, high = self.nnodes.partition(":")
        try:
            return int(low), int(high or low)
        except ValueError:
            raise UsageError(f"--nnodes must be N or MIN:MAX, got {self.nnodes!r}") from None

    def worker_options(self) -> str:
        return json.dumps({"quiet_ranks": self.quiet_ranks, "debug": self.debug, "libs": self.libs,
                           "externs": self.externs})


def _int(flag: str, text: str, low: int = 0) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{flag} needs an integer, got {text!r}") from None
    if value < low:
        raise UsageError(f"{flag} must be at least {low}, got {value}")
    return value


def parse(argv: list[str]) -> Launch:
    """The options after ``run`` (``[OPTIONS] FILE [ARGS...]``); raises UsageError."""
    values: dict[str, list[str]] = {}
    switches: set[str] = set()
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        flag, eq, value = argv[i].partition("=")
        if flag in SWITCHES and not eq:
            switches.add(flag)
        elif flag in VALUE_FLAGS:
            if not eq:
                i += 1
                if i >= len(argv):
                    raise UsageError(f"{flag} needs a value")
                value = argv[i]
            values.setdefault(flag, []).append(value)
        else:
            raise UsageError(f"unknown option {argv[i]!r} for a launched run")
        i += 1
    if i >= len(argv):
        raise UsageError("missing the .spl FILE to run")
    one = {k: v[-1] for k, v in values.items()}
    if "--nproc" not in one:
        raise UsageError("the launcher options need --nproc N")
    launch = Launch(file=Path(argv[i]), args=argv[i + 1:], nproc=_int("--nproc", one["--nproc"], 1),
                    quiet_ranks="--quiet-ranks" in switches, debug="--debug" in switches,
                    libs=values.get("--lib", []), externs=values.get("--externs", []))
    launch.nnodes = one.get("--nnodes", "1")
    launch.node_rank = _int("--node-rank", one.get("--node-rank", "0"))
    launch.master_addr = one.get("--master-addr", launch.master_addr)
    if "--master-port" in one:
        launch.master_port = _int("--master-port", one["--master-port"], 1)
    launch.rdzv_backend = one.get("--rdzv-backend")
    launch.rdzv_endpoint = one.get("--rdzv-endpoint", "")
    launch.rdzv_id = one.get("--rdzv-id", "none")
    launch.node_range()
    return launch


# ---- the parent ------------------------------------------------------------------------------


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("" if host in LOCAL_HOSTS else host, port))
        except OSError:
            return True
    return False


def rendezvous(launch: Launch) -> tuple[str, str, dict]:
    """(backend, endpoint, configs) as torchrun chooses them: one node with no address given
    rendezvouses like ``--standalone`` (c10d on a free local port); otherwise static at
    master-addr:master-port unless --rdzv-backend says otherwise."""
    low, high = launch.node_range()
    if launch.rdzv_backend is None and not launch.rdzv_endpoint and launch.master_port is None and high == 1:
        return "c10d", "localhost:0", {}
    backend = launch.rdzv_backend or "static"
    endpoint = launch.rdzv_endpoint or f"{launch.master_addr}:{launch.master_port or 29500}"
    configs = {"rank": launch.node_rank} if backend == "static" else {}
    host, _, port = endpoint.rpartition(":")
    if backend == "static" and launch.node_rank == 0 and host in LOCAL_HOSTS | {socket.gethostname()}:
        if port.isdigit() and port_in_use(host, int(port)):
            raise UsageError(f"port {port} is already in use on this machine; choose another with --master-port")
    return backend, endpoint, configs


def compile_once(entry: Path, options) -> int:
    """Compile every unit into the cache; 0, or 1 after printing a compile error."""
    from spl2py.diagnostics import CompileError
    from spl2py.driver.cache import cached_code
    from spl2py.driver.compile import compile_unit
    from spl2py.driver.run import _cache_for, load_program

    try:
        cache = _cache_for(entry)
        for unit in load_program(entry, options, cache).units:
            cached_code(unit, compile_unit, cache)
    except CompileError as exc:
        sys.stderr.write(exc.render() + "\n")
        return 1
    return 0


def _quiet_torch_logs() -> None:
    """The elastic agent logs each stop and failure; spl2py reports them itself."""
    import logging

    for name in ["torch.distributed.elastic", *logging.root.manager.loggerDict]:
        if name.startswith("torch.distributed.elastic"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def root_failure(failures: dict) -> tuple:
    """(rank, failure) of the worker that failed first: the earliest time a worker recorded
    (see record_failure); a worker stopped by the launcher records none."""
    def when(item):
        data = item[1].error_file_data.get("message")
        stamp = data.get("extraInfo", {}).get("spl2py_time_ns") if isinstance(data, dict) else None
        return (stamp is None, int(stamp or 0), item[0])

    return min(failures.items(), key=when)


def launch_run(launch: Launch) -> int:
    """Start the workers and wait for them; the exit code of the whole run."""
    from spl2py.modules import ModuleOptions

    if not launch.file.is_file():
        sys.stderr.write(f"error: no such file: {launch.file}\n")
        return 1
    if compile_once(launch.file, ModuleOptions(lib_dirs=tuple(Path(p) for p in launch.libs))):
        return 1
    backend, endpoint, configs = rendezvous(launch)

    from torch.distributed.elastic.multiprocessing.api import DefaultLogsSpecs, SignalException
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.launcher.api import LaunchConfig, elastic_launch

    _quiet_torch_logs()
    low, high = launch.node_range()
    if launch.nproc > 1 and "OMP_NUM_THREADS" not in os.environ:
        os.environ["OMP_NUM_THREADS"] = "1"  # as torchrun: N workers must not each take every core
    with tempfile.TemporaryDirectory(prefix="spl2py-launch-") as logs:
        config = LaunchConfig(
            min_nodes=low, max_nodes=high, nproc_per_node=launch.nproc,
            run_id=launch.rdzv_id if launch.rdzv_id != "none" or backend == "static" else uuid.uuid4().hex,
            rdzv_backend=backend, rdzv_endpoint=endpoint, rdzv_configs=configs,
            max_restarts=0, monitor_interval=0.1, logs_specs=DefaultLogsSpecs(log_dir=logs),
        )
        worker = ["-m", "spl2py.driver.distributed", "worker", launch.worker_options(),
                  str(launch.file), *launch.args]
        try:
            elastic_launch(config, sys.executable)(*worker)
        except ChildFailedError as exc:
            sys.stdout.flush()
            rank, failure = root_failure(exc.failures)
            code = failure.exitcode
            how = f"exit code {code}" if code >= 0 else f"signal {-code}"
            others = "; the other ranks were stopped" if launch.nproc * high > 1 else ""
            sys.stderr.write(f"error: rank {rank} failed ({how}){others}\n")
            return code if 0 < code < 256 else 1
        except KeyboardInterrupt:
            return 130
        except SignalException as exc:  # the agent stopped the workers on SIGINT/SIGTERM
            return 128 + int(exc.sigval)
        except Exception as exc:  # rendezvous or store failures: one line, not the agent's traceback
            text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            sys.stderr.write(f"error: the launcher could not start the workers: {text}\n")
            return 1
    return 0


def launch_cli(argv: list[str]) -> int:
    """``spl2py run`` with launcher options (argv: what follows ``run``)."""
    try:
        launch = parse(argv)
        if launch.externs:
            from spl2py.driver.user_externs import load_externs

            if load_externs(launch.externs):
                return EXIT_USAGE
        return launch_run(launch)
    except UsageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE


# ---- a worker --------------------------------------------------------------------------------


class RankStream:
    """A text stream writing each line to `target` behind a ``[rank R] `` prefix."""

    def __init__(self, target, prefix: str):
        self.target, self.prefix, self.at_line_start = target, prefix, True

    def write(self, text: str) -> int:
        out = []
        for piece in text.splitlines(keepends=True):
            if self.at_line_start:
                out.append(self.prefix)
            out.append(piece)
            self.at_line_start = piece.endswith("\n")
        self.target.write("".join(out))
        if "\n" in text:
            self.target.flush()
        return len(text)

    def flush(self) -> None:
        self.target.flush()

    def __getattr__(self, name):
        return getattr(self.target, name)


def record_failure(code: int) -> None:
    """Leave the failure time in the error file the launcher gives each worker, in the layout of
    torch's ErrorHandler, so the parent can tell the first failing rank from ranks that failed
    because a peer had gone."""
    path = os.environ.get("TORCHELASTIC_ERROR_FILE")
    if not path:
        return
    now = time.time_ns()
    data = {"message": {"message": f"the program exited with code {code}",
                        "extraInfo": {"timestamp": str(now // 10**9), "spl2py_time_ns": str(now)}}}
    with open(path, "w") as f:
        json.dump(data, f)


def worker_main(argv: list[str]) -> int:
    """One launched worker: ``worker OPTIONS_JSON FILE [ARGS...]``."""
    from spl2py.driver.run import run_file
    from spl2py.driver.user_externs import load_externs
    from spl2py.modules import ModuleOptions

    options = json.loads(argv[0])
    rank = int(os.environ.get("RANK", "0"))
    if rank > 0:
        prefix = f"[rank {rank}] "
        sys.stdout = open(os.devnull, "w") if options["quiet_ranks"] else RankStream(sys.stdout, prefix)
        sys.stderr = RankStream(sys.stderr, prefix)
    else:
        sys.stdout.reconfigure(line_buffering=True)
    if load_externs(options["externs"]):
        return EXIT_USAGE
    libs = tuple(Path(p) for p in options["libs"])
    code = run_file(Path(argv[1]), argv[2:], debug=options["debug"], options=ModuleOptions(lib_dirs=libs))
    if code != 0:  # leave at once: the launcher stops the other ranks as soon as this one is gone
        record_failure(code)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code if 0 < code < 256 else 1)
    dist = sys.modules.get("torch.distributed")
    if code == 0 and dist is not None and dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
    return code


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "worker":
        sys.exit(worker_main(sys.argv[2:]))
    sys.exit(f"usage: {sys.argv[0]} worker OPTIONS_JSON FILE [ARGS...] (started by spl2py run --nproc)")
