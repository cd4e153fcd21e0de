"""A short bounded run of each fuzz target (fuzz/fuzz_*.py), 10 s apiece.

The real runs are ``make fuzz`` (fuzz/run.sh); this checks that the targets
start, read their seeds and survive a few hundred mutations.  Skipped when
atheris is not installed (``make test`` does not install it).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("atheris", reason="atheris is not installed (make fuzz installs it)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FUZZ = os.path.join(ROOT, "fuzz")
SECONDS = 10
TARGETS = {
    "parser": ("roff.dict", [os.path.join(FUZZ, "seeds"), os.path.join(ROOT, "tests", "hardening", "hostile")]),
    "patch": ("patch.dict", [os.path.join(FUZZ, "seeds_patch"), os.path.join(ROOT, "manpages", "examples")]),
    "html": ("roff.dict", [os.path.join(FUZZ, "seeds"), os.path.join(ROOT, "tests", "hardening", "hostile")]),
}


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_target_runs(target, tmp_path):
    dictionary, seeds = TARGETS[target]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    cmd = [sys.executable, os.path.join(FUZZ, f"fuzz_{target}.py"),
           f"-max_total_time={SECONDS}", "-timeout=20", "-rss_limit_mb=2048", "-max_len=8192",
           f"-dict={os.path.join(FUZZ, dictionary)}", f"-artifact_prefix={tmp_path}/",
           "-print_final_stats=1", str(corpus), *seeds]
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                          timeout=SECONDS + 60)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-3000:]
    assert "stat::number_of_executed_units" in log, log[-3000:]
