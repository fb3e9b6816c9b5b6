"""Tests for ikmkit._files: atomic writes and defensive reads shared by every wing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ikmkit._files import UnsafeFile, atomic_write, read_small_file, read_small_text


def test_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    """If writing fails midway the target does not appear and no temp file remains."""
    class Boom(RuntimeError):
        pass

    def explode(tmp: str) -> None:
        Path(tmp).write_text("half")
        raise Boom

    target = tmp_path / "hasil.xlsx"
    with pytest.raises(Boom):
        atomic_write(target, explode)
    assert list(tmp_path.iterdir()) == []



def test_small_reads_refuse_links_fifos_big_and_binary_files(tmp_path: Path) -> None:
    """read_small_file opens no link, no FIFO, nothing bigger than asked; text is UTF-8."""
    (tmp_path / "ok.txt").write_text("2026-12-01")
    (tmp_path / "tautan").symlink_to(tmp_path / "ok.txt")
    os.mkfifo(tmp_path / "pipa")
    (tmp_path / "besar").write_bytes(b"x" * 200)
    (tmp_path / "biner").write_bytes(b"\xff\xfe")
    assert read_small_file(tmp_path / "ok.txt", 100) == b"2026-12-01"
    for name, why in (("tautan", "tautan"), ("pipa", "bukan berkas biasa"),
                      ("besar", "terlalu besar"), ("tidak-ada", "tidak ditemukan")):
        with pytest.raises(UnsafeFile, match=why):
            read_small_file(tmp_path / name, 100)
    with pytest.raises(UnsafeFile, match="UTF-8"):
        read_small_text(tmp_path / "biner", 100)
