"""Worker processes for the site build and lint: tasks out, results back, one pipe per worker.

``multiprocessing.Pool`` was the first way, and its parent burnt CPU for
nothing: its worker-handler thread waits on the result pipe as well as on
the workers, so while a result is waiting to be read by the result thread
(which shares the GIL with two other threads) it wakes again and again.
Over the whole man-pages tree that thread alone took more CPU than the
parent's own work, on a machine whose two cores the workers need.

Here the parent has no threads: it starts the workers, hands out the tasks
in order, a few at a time to each worker (so a worker never waits for its
next task), and waits on the pipes with ``multiprocessing.connection.wait``
(no CPU while it waits).  Results come back as they are done.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import wait

IN_FLIGHT = 2       # tasks handed to a worker before it sends a result


class WorkerError(RuntimeError):
    """A worker process ended before it sent back the result of its tasks."""


def _serve(conn, func, initializer, initargs) -> None:
    """A worker's loop: receive a task, send ``(True, func(task))`` or
    ``(False, exception)``; ``None`` ends it."""
    try:
        if initializer is not None:
            initializer(*initargs)
        while True:
            task = conn.recv()
            if task is None:
                break
            try:
                result = (True, func(task))
            except Exception as exc:  # sent to the parent, which raises it
                result = (False, exc)
            conn.send(result)
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        conn.close()


def imap_unordered(func, tasks: list, jobs: int, initializer=None, initargs=()):
    """``func(task)`` for every task, run in ``jobs`` worker processes; the
    results in the order they are done.  An exception raised by ``func`` is
    raised here (the workers are stopped)."""
    ctx = multiprocessing.get_context()
    workers = []
    try:
        for _ in range(max(1, min(jobs, len(tasks)))):
            ours, theirs = ctx.Pipe()
            proc = ctx.Process(target=_serve, args=(theirs, func, initializer, initargs),
                               daemon=True)
            proc.start()
            theirs.close()
            workers.append((proc, ours))
        next_task = 0
        pending = {conn: 0 for _proc, conn in workers}
        for _ in range(IN_FLIGHT):
            for _proc, conn in workers:
                if next_task < len(tasks):
                    conn.send(tasks[next_task])
                    next_task += 1
                    pending[conn] += 1
        while any(pending.values()):
            for conn in wait([c for c, n in pending.items() if n]):
                try:
                    ok, value = conn.recv()
                except EOFError:
                    raise WorkerError("a worker process ended unexpectedly") from None
                pending[conn] -= 1
                if next_task < len(tasks):
                    conn.send(tasks[next_task])
                    next_task += 1
                    pending[conn] += 1
                if not ok:
                    raise value
                yield value
        for proc, conn in workers:
            conn.send(None)
        for proc, _conn in workers:
            proc.join()
    finally:
        for proc, conn in workers:
            conn.close()
            if proc.is_alive():
                proc.terminate()
                proc.join()
