"""The text renderer against groff on sampled corpus pages (render-fidelity from ../shared)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import SRC, shared_path


def _fidelity(corpus: str, sample: int, seed: int) -> dict[str, float]:
    tool = shared_path("tools", "render-fidelity")
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed")
    cmd = f"{sys.executable} -m manlint render --to text --width {{width}} {{file}}"
    env = dict(os.environ, PYTHONPATH=SRC)
    r = subprocess.run([sys.executable, tool, "--cmd", cmd, "--ref", "groff", "--width", "78",
                        "--sample", str(sample), "--seed", str(seed), "--quiet", corpus],
                       capture_output=True, text=True, env=env, timeout=900)
    last = [line for line in r.stdout.splitlines() if line.startswith("pages:")]
    assert last, r.stdout[-2000:] + r.stderr[-2000:]
    return {k: float(v) for k, v in re.findall(r"(\w+): ([0-9.]+)", last[-1])}


def test_words_match_groff_on_sampled_pages():
    scores = _fidelity(shared_path("corpus", "man-pages-5.13"), 120, 7)
    assert scores["failed"] == 0
    assert scores["words"] >= 0.90, scores
    assert scores["lines"] >= 0.90, scores
