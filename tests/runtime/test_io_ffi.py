"""The file externs behind fs and app.io (runtime/io_ffi.py); their behaviour in Simple:
tests/runtime/lib/fs_spec.spl and app_io_spec.spl."""

from __future__ import annotations

from runtime import io_ffi


def test_rename_moves_and_reports_failure(tmp_path):
    src, dst = tmp_path / "a", tmp_path / "b"
    src.write_text("x")
    assert io_ffi.rename(str(src), str(dst)) is True and dst.read_text() == "x"
    assert io_ffi.rename(str(src), str(dst)) is False


def test_remove_dir_needs_recursive_for_a_full_folder(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f").write_text("")
    assert io_ffi.remove_dir(str(tmp_path / "d"), False) is False
    assert io_ffi.remove_dir(str(tmp_path / "d"), True) is True
    assert not (tmp_path / "d").exists()
    assert io_ffi.remove_dir(str(tmp_path / "d"), True) is False


def test_real_path_resolves_links_and_is_nil_when_missing(tmp_path):
    (tmp_path / "t").write_text("")
    (tmp_path / "link").symlink_to(tmp_path / "t")
    assert io_ffi.real_path(str(tmp_path / "link")) == str((tmp_path / "t").resolve())
    assert io_ffi.real_path(str(tmp_path / "none")) is None


def test_glob_is_sorted_and_recursive_with_double_star(tmp_path):
    (tmp_path / "s").mkdir()
    for name in ("b.spl", "a.spl", "s/c.spl", "n.txt"):
        (tmp_path / name).write_text("")
    assert io_ffi.glob(str(tmp_path), "*.spl") == [str(tmp_path / "a.spl"), str(tmp_path / "b.spl")]
    assert len(io_ffi.glob(str(tmp_path), "**/*.spl")) == 3
    assert io_ffi.glob(str(tmp_path / "none"), "*") == []
