"""Nothing passes from one participant's kernel to the next one graded by the same worker.

Finding #26 of the security review: the kernel server's own folder was never wiped, so a
participant could leave a file for the next one. Here participant ``a-tinggal`` tries to
leave something in every place a kernel can write, and starts a daemon; ``b-periksa``,
graded next by the same (single) worker, looks for all of it.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import nbformat
import pytest

from ikmkit.cli import main
from ikmkit.grading.course import init_course, submit

from .conftest import FIXTURE, HONEST, NB, A, attack, honest_with, needs_bwrap

pytestmark = [pytest.mark.slow, needs_bwrap]

PLACES = ["/tmp/jejak.txt", "/home/peserta/jejak.txt", "/dev/shm/jejak.txt",
          "/home/jejak.txt", "/jejak.txt", "KERNELDIR/jejak.txt", "KERNELDIR/../jejak.txt",
          "KERNELDIR/../../jejak.txt"]

LEAVE = f"""
import json, os, subprocess, sys
from ipykernel.connect import get_connection_file
kdir = os.path.dirname(get_connection_file())
hasil = {{}}
for place in {PLACES!r}:
    path = place.replace('KERNELDIR', kdir)
    try:
        open(path, 'w').write('pesan dari a')
        hasil[place] = 'tertulis'
    except OSError as exc:
        hasil[place] = type(exc).__name__
subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'], start_new_session=True)
print('TINGGAL', json.dumps(hasil))
"""

LOOK = f"""
import json, os
from ipykernel.connect import get_connection_file
kdir = os.path.dirname(get_connection_file())
found = [p for p in {PLACES!r} if os.path.exists(p.replace('KERNELDIR', kdir))]
others = [p for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid(),
          os.getppid())]
print('TEMUAN', json.dumps(found), 'PROSES', len(others))
"""


def _printed(course: Path, participant: str, marker: str) -> str:
    nb = nbformat.read(course / "autograded" / participant / A / NB, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = str(out.get("text", ""))
            if marker in text:
                return text.split(marker, 1)[1].strip()
    raise AssertionError(f"{participant} printed no {marker}")


def test_26_nothing_is_left_for_the_next_participant(tmp_path):
    """#26: files in every writable place and a daemon from one participant are gone
    before the next participant's kernel starts (same worker)."""
    course = init_course(tmp_path / "kursus", FIXTURE)
    release = course / "release" / A / NB
    for name, code in (("a-tinggal", LEAVE), ("b-periksa", LOOK)):
        folder = tmp_path / name
        folder.mkdir()
        nbformat.write(attack(release, honest_with(code)), folder / NB)
        submit(course, name, A, folder)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["grade", str(course), "--jobs", "1", "--no-progress"]) == 0
    left = json.loads(_printed(course, "a-tinggal", "TINGGAL"))
    assert left["/tmp/jejak.txt"] == "tertulis"  # the attack did run
    found = _printed(course, "b-periksa", "TEMUAN")
    assert found.startswith("[]"), found
    assert found.endswith("PROSES 0"), found
    # nothing of a-tinggal's reached the host outside its autograded folder either
    assert not (course / "autograded" / "b-periksa" / A / "jejak.txt").exists()
    assert HONEST  # both were graded with the honest answers after their attack
