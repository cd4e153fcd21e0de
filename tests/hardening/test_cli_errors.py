"""The command line on bad input: one line of error or diagnostics, never a
traceback; exit status 2 for usage and I/O errors.  ``lint --fix`` writes
atomically: the file is always the original or the fully fixed text.
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

import pytest

from manlint.fileio import ChangedOnDisk, write_atomic

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE = ".TH PAGE 1 2024-01-01\n.SH NAME\npage \\- a test page\n.SH DESCRIPTION\nSome text.\n"


# Caches the command writes (results, spelling tables) go here, never into
# the work tree or the user's home; removed when the tests end.
_CACHE = tempfile.TemporaryDirectory(prefix="manlint-cli-tests-")


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=os.path.join(ROOT, "src"), NO_COLOR="1",
                XDG_CACHE_HOME=_CACHE.name)


def manlint(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "manlint", *args], cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def assert_clean_error(proc: subprocess.CompletedProcess, status: int | None = 2) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    if status is not None:
        assert proc.returncode == status, (proc.returncode, proc.stderr)
    if proc.returncode == 2:
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("manlint: "), proc.stderr


@pytest.fixture
def pages(tmp_path):
    (tmp_path / "ok.1").write_text(PAGE)
    (tmp_path / "empty.1").write_bytes(b"")
    (tmp_path / "binary.1").write_bytes(bytes(random.Random(1).randrange(256) for _ in range(4096)))
    (tmp_path / "latin1.1").write_bytes(PAGE.encode() + b"caf\xe9 \x9b[31m na\xefve\n")
    (tmp_path / "nul.1").write_bytes(PAGE.encode() + b"a\x00b\x1b[2Jc\n")
    (tmp_path / "utf16.1").write_bytes(b"\xff\xfe" + PAGE.encode("utf-16-le"))
    (tmp_path / "crlf.1").write_bytes(PAGE.replace("\n", "\r\n").encode())
    (tmp_path / "dir.1").mkdir()
    (tmp_path / "bad.1.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    (tmp_path / "bomb.1.gz").write_bytes(gzip.compress(b"x" * (80 << 20), 1))
    return tmp_path


COMMANDS = [("tree",), ("render",), ("lint", "--no-cache")]
BAD_CONTENT = ["binary.1", "empty.1", "latin1.1", "nul.1", "utf16.1", "crlf.1", "ok.1"]


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_missing_file(pages, cmd):
    assert_clean_error(manlint(*cmd, str(pages / "missing.1")))


@pytest.mark.parametrize("cmd", [("tree",), ("render",)], ids=" ".join)
def test_directory(pages, cmd):
    assert_clean_error(manlint(*cmd, str(pages / "dir.1")))


def test_directory_lint_walks_it(pages):
    # lint takes directories of pages; an empty one is no error.
    assert_clean_error(manlint("lint", "--no-cache", str(pages / "dir.1")), status=0)


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_unreadable_file(pages, cmd):
    path = pages / "secret.1"
    path.write_text(PAGE)
    path.chmod(0)
    try:
        try:
            with open(path, "rb"):
                readable = True
        except PermissionError:
            readable = False
        if readable:
            pytest.skip("running as root: a mode 000 file is still readable")
        assert_clean_error(manlint(*cmd, str(path)))
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("name", ["bad.1.gz", "bomb.1.gz"])
def test_unreadable_compressed_file(pages, cmd, name):
    assert_clean_error(manlint(*cmd, str(pages / name)))


def _check_output(proc: subprocess.CompletedProcess) -> None:
    assert_clean_error(proc, status=None)
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr)
    for bad in ("\x1b", "\x00", "\x9b"):
        assert bad not in proc.stdout, f"{bad!r} in the output"


@pytest.mark.parametrize("name", BAD_CONTENT)
def test_bad_content_renders(pages, name):
    _check_output(manlint("render", str(pages / name)))


def test_bad_content_tree_and_lint(pages):
    files = [str(pages / name) for name in BAD_CONTENT]
    _check_output(manlint("tree", "--diagnostics", *files))
    _check_output(manlint("lint", "--no-cache", *files))


def test_device_file_is_not_read_forever():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    assert_clean_error(manlint("tree", "/dev/zero"))


def test_usage_errors():
    assert_clean_error(manlint("render", "--width", "5", os.path.join(ROOT, "manpages/examples/frobmap.2")))
    assert_clean_error(manlint("no-such-command"))
    assert_clean_error(manlint("lint", "--fix", "--diff", "x"))


def test_render_output_to_unwritable_place(pages):
    assert_clean_error(manlint("render", str(pages / "ok.1"), "-o", str(pages / "nodir" / "out.txt")))


# ---- lint --fix ---------------------------------------------------------------------

# Trailing white space (MP001, off by default) has a safe fix.
FIX = ("lint", "--fix", "--no-cache", "--extend-select", "MP001")


def _fixable_page(lines: int) -> str:
    body = "".join(f"Line {k} of the page.   \n" for k in range(lines))  # trailing blanks: a safe fix
    return PAGE + body


def _fixed_text(tmp_path, text: str) -> str:
    ref = tmp_path / "reference.1"
    ref.write_text(text)
    proc = manlint(*FIX, str(ref))
    assert_clean_error(proc, status=None)
    fixed = ref.read_text()
    assert fixed != text, "the page has nothing --fix changes"
    return fixed


def test_fix_keeps_mode(tmp_path):
    text = _fixable_page(20)
    fixed = _fixed_text(tmp_path, text)
    page = tmp_path / "page.1"
    page.write_text(text)
    page.chmod(0o640)
    assert_clean_error(manlint(*FIX, str(page)), status=None)
    assert page.read_text() == fixed
    assert stat.S_IMODE(page.stat().st_mode) == 0o640
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".manlint-")]


def test_fix_writes_through_a_symlink(tmp_path):
    text = _fixable_page(5)
    fixed = _fixed_text(tmp_path, text)
    real = tmp_path / "real.1"
    real.write_text(text)
    link = tmp_path / "link.1"
    link.symlink_to(real)
    assert_clean_error(manlint(*FIX, str(link)), status=None)
    assert link.is_symlink() and real.read_text() == fixed


def test_fix_killed_at_random_moments_never_leaves_half_a_file(tmp_path):
    text = _fixable_page(6000)
    fixed = _fixed_text(tmp_path, text)
    page = tmp_path / "page.1"
    env = _env()
    # One run measures where the write comes; the kills then land around it.
    page.write_text(text)
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "manlint", *FIX, str(page)], env=env,
                   capture_output=True, timeout=120)
    took = time.monotonic() - start
    rng = random.Random(7)
    outcomes = {"original": 0, "fixed": 0}
    for _ in range(8):
        page.write_text(text)
        proc = subprocess.Popen([sys.executable, "-m", "manlint", *FIX, str(page)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.1) * took)
        proc.send_signal(signal.SIGKILL)
        proc.wait(60)
        now = page.read_text()
        assert now in (text, fixed), "a half-written file"
        outcomes["original" if now == text else "fixed"] += 1
    # Temporary files of killed runs may stay (they start with .manlint-); the page never suffers.
    print("kill outcomes", outcomes)
    assert sum(outcomes.values()) == 8


def _writer(path: str, text: str) -> None:
    write_atomic(path, text)
    os._exit(0)


def test_write_atomic_killed_at_random_moments(tmp_path):
    path = str(tmp_path / "big.txt")
    old = "old line\n" * 2_000_000
    new = "new text\n" * 3_000_000
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(3)
    for _ in range(10):
        with open(path, "w") as fh:
            fh.write(old)
        proc = ctx.Process(target=_writer, args=(path, new))
        proc.start()
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(30)
        with open(path) as fh:
            now = fh.read()
        assert now == old or now == new, f"half-written: {len(now)} characters"


def test_write_atomic_refuses_when_the_file_changed(tmp_path):
    path = tmp_path / "page.1"
    path.write_text("first\n")
    old = path.read_bytes()
    path.write_text("changed by someone else\n")
    with pytest.raises(ChangedOnDisk):
        write_atomic(str(path), "fixed\n", expect=old)
    assert path.read_text() == "changed by someone else\n"
    assert os.listdir(tmp_path) == ["page.1"]
    write_atomic(str(path), "fixed\n", expect=path.read_bytes())
    assert path.read_text() == "fixed\n"


def test_write_atomic_keeps_mode_and_cleans_up_on_error(tmp_path):
    path = tmp_path / "page.1"
    path.write_text("x\n")
    path.chmod(0o600)
    write_atomic(str(path), "y\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    target = tmp_path / "adir"
    target.mkdir()
    with pytest.raises(OSError):
        write_atomic(str(target), "z\n")
    assert sorted(os.listdir(tmp_path)) == ["adir", "page.1"]


def test_fix_refuses_a_file_changed_while_fixing(tmp_path, monkeypatch):
    from manlint.lint import engine
    from manlint.lint.checker import Checker
    from manlint.lint.registry import Selection
    page = tmp_path / "page.1"
    page.write_text(_fixable_page(3))
    real_apply = engine.apply_edits

    def meddle(text, diags):
        page.write_text("edited by the user meanwhile\n")
        return real_apply(text, diags)

    monkeypatch.setattr(engine, "apply_edits", meddle)
    result = engine.lint_path(str(page), Checker(Selection(extend_select=["MP001"])), fix=True)
    assert result.error and "changed on disk" in result.error
    assert page.read_text() == "edited by the user meanwhile\n"


@pytest.mark.skipif(shutil.which("df") is None, reason="no df")
def test_fix_in_a_read_only_directory_is_an_error_not_a_traceback(tmp_path):
    d = tmp_path / "ro"
    d.mkdir()
    page = d / "page.1"
    page.write_text(_fixable_page(3))
    d.chmod(0o555)
    try:
        if os.access(d, os.W_OK):
            pytest.skip("running as root: a read-only directory is still writable")
        proc = manlint(*FIX, str(page))
        assert "Traceback" not in proc.stderr
        assert proc.returncode == 2
    finally:
        d.chmod(0o755)


@pytest.mark.parametrize("raw", [b"\r\n", b"\xe9", b"\xef\xbb\xbf"], ids=["crlf", "latin1", "bom"])
def test_fix_changes_nothing_but_the_fix(tmp_path, raw):
    line = b"Line with trailing blanks.   "
    if raw == b"\r\n":
        original = PAGE.replace("\n", "\r\n").encode() + line + b"\r\n"
    elif raw == b"\xef\xbb\xbf":
        original = raw + PAGE.encode() + line + b"\n"
    else:
        original = PAGE.encode() + b"caf" + raw + b" " + line + b"\n"
    page = tmp_path / "page.1"
    page.write_bytes(original)
    assert_clean_error(manlint(*FIX, str(page)), status=None)
    assert page.read_bytes() == original.replace(b"blanks.   ", b"blanks.")


def test_fix_refuses_a_page_it_cannot_write_back(tmp_path):
    # Decoding turns control characters into U+FFFD; writing that back would lose bytes.
    original = PAGE.encode() + b"caf\x01 Line with trailing blanks.   \n"
    page = tmp_path / "page.1"
    page.write_bytes(original)
    r = manlint(*FIX, str(page))
    assert r.returncode == 2 and "not fixed" in r.stderr and "Traceback" not in r.stderr
    assert page.read_bytes() == original


def test_a_rule_that_raises_costs_its_file_only(tmp_path):
    # A bug in one rule is reported as an error naming the file and the place
    # it was raised; the run goes on (and ends with status 2), no traceback.
    from manlint.lint.checker import Checker
    from manlint.lint.engine import lint_path
    from manlint.lint.registry import Selection
    page = tmp_path / "frob.2"
    page.write_text(".TH frob 2 2024-01-01\n.SH NAME\nfrob \\- frobnicate\n")
    checker = Checker(Selection(select=["MP032"]))

    def broken_visit(node, ctx):
        raise ValueError("a bug")
    checker.rules[0].visit_Title = broken_visit
    result = lint_path(str(page), checker)
    assert result.error.startswith(f"{page}: internal error, the file was not checked: ValueError: a bug")
    assert "broken_visit" in result.error and result.diagnostics == []
    # The same checker still checks a page whose title the rule never sees.
    other = tmp_path / "other.2"
    other.write_text("Text before any title.\n")
    assert lint_path(str(other), checker).error is None
