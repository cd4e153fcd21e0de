"""manlint.packed: the on-disk tables behind the word lists and the header index."""

import os

from hypothesis import given, strategies as st

from manlint import packed

_names = st.text(st.characters(blacklist_characters="\x1e\x1f", blacklist_categories=("Cs",)), min_size=1)


@given(st.dictionaries(_names, st.text(st.characters(blacklist_characters="\x1e\x1f",
                                                     blacklist_categories=("Cs",)))))
def test_every_entry_is_found_and_nothing_else(items):
    table = packed.PackedTable(packed.pack(items, "k"))
    for name, value in items.items():
        assert table.get(name) == value
        assert name in table
    assert dict(table.items()) == items
    assert table.names() == {name.encode("utf-8", "surrogatepass") for name in items}
    assert table.get("\x00absent") is None


def test_store_and_load_check_the_key(tmp_path):
    path = str(tmp_path / "sub" / "t.packed")
    packed.store(path, {"recieve": "receive"}, "v1")
    assert packed.load(path, "v1").get("recieve") == "receive"
    assert packed.load(path, "v2") is None
    assert packed.load(path, None).key == "v1"
    assert os.listdir(tmp_path / "sub") == ["t.packed"]  # no temporary file left behind


def test_damaged_file_reads_as_absent(tmp_path):
    path = tmp_path / "t.packed"
    packed.store(str(path), {f"w{k}": "" for k in range(100)}, "v1")
    blob = path.read_bytes()
    for cut in (3, len(blob) // 2, len(blob) - 1):
        path.write_bytes(blob[:cut])
        assert packed.load(str(path), "v1") is None
    path.write_bytes(b"garbage")
    assert packed.load(str(path), "v1") is None


def test_header_index_notices_a_new_header(tmp_path):
    from manlint.world import headers
    root = tmp_path / "include"
    (root / "linux").mkdir(parents=True)
    (root / "linux" / "mman.h").write_text("#define MAP_FIXED 0x10\n#define MAP_FIXED_NOREPLACE 0x100000\n")
    cache = str(tmp_path / "cache")
    headers._LOADED.clear()
    index = headers.load_index(str(root), cache)
    assert "MAP_FIXED" in index and "MAP_SHARED_VALIDATE" not in index
    assert index.header("MAP_FIXED_NOREPLACE") == "linux/mman.h"
    assert index.has_prefix("MAP_FIXED_") and not index.has_prefix("MAP_HUGE_")
    assert index.closest("MAP_FIXED_SAFE", avoid={"MAP_FIXED_SAFE"}) == "MAP_FIXED_NOREPLACE"
    assert len(index) == 2
    # A package adds a header: its directory's mtime changes and the cache is rebuilt.
    os.utime(root / "linux", ns=(1, 1))
    (root / "linux" / "mman-extra.h").write_text("#define MAP_SHARED_VALIDATE 0x03\n")
    headers._LOADED.clear()
    assert "MAP_SHARED_VALIDATE" in headers.load_index(str(root), cache)
    headers._LOADED.clear()


def test_tables_of_two_installs_are_cached_apart(tmp_path, monkeypatch):
    # Two venvs with their own codespell must not rebuild one shared table in turn.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    one = packed.cache_file("codespell-v2", "/venv-a/lib/codespell_lib/data/dictionary.txt")
    two = packed.cache_file("codespell-v2", "/venv-b/lib/codespell_lib/data/dictionary.txt")
    assert one != two and os.path.dirname(one) == os.path.dirname(two) == str(tmp_path / "manlint")
    packed.store(one, {"teh": "the"}, "key-a")
    packed.store(two, {"teh": "the"}, "key-b")
    assert packed.load(one, "key-a") is not None and packed.load(two, "key-b") is not None
