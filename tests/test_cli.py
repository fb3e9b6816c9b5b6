"""Tests for the top-level ``ikmkit`` command (sub-commands have their own test files)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ikmkit.cli import COMMAND_MODULES, build_parser, main


def test_help_lists_every_command(capsys):
    """`ikmkit --help` exits 0 and names every installed command, in Indonesian."""
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "Kode keluar" in out
    for name in COMMAND_MODULES:
        assert name in out


@pytest.mark.parametrize("name", COMMAND_MODULES)
def test_every_command_has_help(name, capsys):
    """Each sub-command answers --help with a description."""
    with pytest.raises(SystemExit) as info:
        main([name, "--help"])
    assert info.value.code == 0
    assert len(capsys.readouterr().out.strip()) > 40


def test_all_commands_are_installed():
    """Every command named in the CLI is importable (none silently missing)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMAND_MODULES)


def test_no_command_is_usage_error(capsys):
    """Running `ikmkit` alone prints help and exits 2 (usage)."""
    assert main([]) == 2
    assert "PERINTAH" in capsys.readouterr().out


def test_unknown_command_exits_2():
    """An unknown command is a usage error, not a traceback."""
    proc = subprocess.run([sys.executable, "-m", "ikmkit.cli", "terbang"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
