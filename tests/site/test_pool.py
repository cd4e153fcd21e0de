"""site.pool: every task's result comes back once; a task's exception is raised."""

from __future__ import annotations

import os

import pytest

from manlint.pool import imap_unordered

_STATE: dict = {}


def _setup(base: int) -> None:
    _STATE["base"] = base


def _square(n: int) -> tuple:
    if n == -1:
        raise ValueError("bad task")
    return n, n * n + _STATE["base"], os.getpid()


def test_every_result_once_from_the_workers():
    got = list(imap_unordered(_square, list(range(50)), 2, _setup, (1,)))
    assert sorted((n, sq) for n, sq, _pid in got) == [(n, n * n + 1) for n in range(50)]
    assert os.getpid() not in {pid for _n, _sq, pid in got}


def test_more_workers_than_tasks():
    assert [sq for _n, sq, _pid in imap_unordered(_square, [3], 4, _setup, (0,))] == [9]


def test_an_exception_in_a_task_is_raised_here():
    with pytest.raises(ValueError, match="bad task"):
        for _ in imap_unordered(_square, [1, 2, -1, 4, 5], 2, _setup, (0,)):
            pass
