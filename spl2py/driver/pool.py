"""A process pool for the build's two phases, with progress (inline for one job or one task)."""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from spl2py.driver.progress import Progress


def _run_chunk(fn, chunk: list) -> list:
    return [fn(payload) for payload in chunk]


class Pool:
    """Runs jobs in worker processes (or inline for one job / one worker), reporting progress.

    Jobs go to the workers in chunks (a few per worker) to keep per-task overhead low.
    ``preload`` runs once before the workers fork (e.g. ``import black``), so they share it.
    """

    def __init__(self, jobs: int, preload=None):
        self.jobs = max(1, jobs)
        self.preload = preload
        self.executor: ProcessPoolExecutor | None = None

    def parallel(self, tasks: int) -> bool:
        return self.jobs > 1 and tasks > 1

    def run(self, fn, payloads: list, progress: Progress) -> list:
        if not self.parallel(len(payloads)):
            results = []
            for payload in payloads:
                results.append(fn(payload))
                progress.step()
            return results
        if self.executor is None:
            if self.preload is not None:
                self.preload()
            self.executor = ProcessPoolExecutor(max_workers=self.jobs)
        size = max(1, min(16, len(payloads) // (self.jobs * 4)))
        chunks = [payloads[i : i + size] for i in range(0, len(payloads), size)]
        futures = {self.executor.submit(_run_chunk, fn, chunk): i * size for i, chunk in enumerate(chunks)}
        results: list = [None] * len(payloads)
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                chunk_results = future.result()
                start = futures[future]
                results[start : start + len(chunk_results)] = chunk_results
                for _ in chunk_results:
                    progress.step()
        return results

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)
