"""Attacks of the grading security review, each tried as a participant would, on one cohort.

``../shared/reviews/grading-security.md`` lists 40 attacks on ``ikmkit grade``; 29 of them
succeeded on the code it reviewed. Here every attack is a submission (or a file in
``submitted/``) of one cohort, graded once with the real command line (``ikmkit grade``,
then ``ikmkit feedback`` and ``ikmkit report``), and each test checks that its attack is
blocked or detected and named in the outcome CSV. Test names carry the finding number.

The suite runs as whoever runs the tests (root in CI); ``test_unprivileged.py`` repeats
what differs for a normal user.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import socket
import sqlite3
import threading
from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import compute_checksum

from ikmkit.cli import main
from ikmkit.grading.course import init_course, submit
from ikmkit.grading.sandbox import ControlGroup, Limits, running_as_root
from ikmkit.grading.worker import BAD_METADATA_DETAIL

from .conftest import FIXTURE, HONEST, NB, A, attack, honest_with, needs_bwrap

pytestmark = [pytest.mark.slow, needs_bwrap]

TOKEN = "token-rahasia-hub-8f3a"  # noqa: S105 - a fake secret the kernel must not see

ROOT_ESCAPE = """
import ctypes, os, site, sys
status = open('/proc/self/status').read()
print('CAPEFF', status.split('CapEff:')[1].split()[0], 'UID', os.getuid())
libc = ctypes.CDLL(None, use_errno=True)
print('MOUNT', libc.mount(None, b'/', None, 32 | 4096, None))
print('UMOUNT', libc.umount2(b'/tmp', 2))
print('SETUID', libc.setuid(0))
for d in [sys.prefix, *site.getsitepackages()]:
    try:
        open(os.path.join(d, 'zz_ikm_poc.pth'), 'w').write('import os\\n')
        print('DITULIS', d)
    except OSError as exc:
        print('DITOLAK', type(exc).__name__)
"""

LOOK_AROUND = """
import os, ikmkit
from ikmkit.grading.course import default_assessments_dir
print('SUMBER-ADA', default_assessments_dir().exists())
print('ISI-REPO', sorted(os.listdir(os.path.dirname(ikmkit.__path__[0]))))
print('AKAR', sorted(os.listdir('/')))
print('PROSES', sorted(p for p in os.listdir('/proc') if p.isdigit()))
print('LINGKUNGAN', sorted(os.environ.items()))
"""


def _socket_server(path: Path, hits: list[int]) -> socket.socket:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    os.chmod(path, 0o777)
    server.listen(5)
    _count_connections(server, hits)
    return server


def _tcp_server(hits: list[int]) -> tuple[socket.socket, int]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    _count_connections(server, hits)
    return server, server.getsockname()[1]


def _count_connections(server: socket.socket, hits: list[int]) -> None:
    """Accept (and count) connections in a thread until the server socket is closed."""
    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            hits.append(1)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()


def _write(folder: Path, nb: nbformat.NotebookNode) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / NB)


def _submissions(course: Path, tmp: Path, sock: Path, port: int) -> dict[str, object]:
    release = course / "release" / A / NB
    skip_all = {"tes_hpp": ["skip-execution"], "tes_harga": ["skip-execution"]}
    return {
        "jujur": attack(release, HONEST),
        "kosong": attack(release),
        "a01-tag-lewati": attack(release, tags=skip_all),
        "a01-tag-raises": attack(release, tags={"tes_hpp": ["raises-exception"]}),
        "a02-root": attack(release, honest_with(ROOT_ESCAPE)),
        "a03-transformer": attack(release, {"jawab_hpp": (
            "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])")}),
        "a04-ast": attack(release, {"jawab_hpp": (
            "import ast\nclass _Tanpa(ast.NodeTransformer):\n"
            "    def visit_Assert(self, n):\n        return ast.Pass()\n"
            "get_ipython().ast_transformers.append(_Tanpa())\n"
            "hpp_per_unit_idr = harga_jual_idr = 1")}),
        "a05-sumber": attack(release, honest_with(LOOK_AROUND)),
        "a06-kait": attack(release, {"jawab_hpp": (
            "get_ipython().events.register('pre_run_cell', lambda info: print(info.raw_cell))\n"
            + HONEST["jawab_hpp"])}),
        "a07-lingkungan": attack(release, honest_with(
            "import os\nprint('ENV', dict(os.environ))")),
        "a08-soket": attack(release, honest_with(
            "import socket\ns = socket.socket(socket.AF_UNIX)\n"
            f"try:\n    s.connect({str(sock)!r}); print('TERHUBUNG')\n"
            "except OSError as exc:\n    print('SOKET', type(exc).__name__)\n"
            "t = socket.socket()\n"
            f"try:\n    t.connect(('127.0.0.1', {port})); print('TCP-TERHUBUNG')\n"
            "except OSError as exc:\n    print('TCP', type(exc).__name__)")),
        "a12-abs": attack(release, {"jawab_hpp": (
            "class _Apa:\n    def __lt__(self, other):\n        return True\n"
            "abs = lambda x: _Apa()\nhpp_per_unit_idr = 1.0")}),
        "a13-stempel-kernel": attack(release, honest_with(
            "open('timestamp.txt', 'wb').write(b'\\xff\\xfe\\x00 bukan utf8')")),
        "a16-profil": attack(release, honest_with(
            "open('profil_ikm.json', 'w').write('{\"answers\": ' + '[' * 200000 + ']' * 200000"
            " + '}')")),
        "a17-anak": attack(release, honest_with(
            "import subprocess, sys, time\n"
            "anak = [subprocess.Popen([sys.executable, '-c', "
            "\"b = b'\\\\x01' * (200 * 2**20); import time; time.sleep(30)\"]) for _ in range(5)]\n"
            "time.sleep(8)\nprint('ANAK-HIDUP', sum(p.poll() is None for p in anak))")),
        "a18-tmp": attack(release, honest_with(
            "n = 0\ntry:\n    for i in range(100):\n"
            "        open(f'/tmp/isi{i}', 'wb').write(b'x' * 10 * 2**20); n += 10\n"
            "except OSError as exc:\n    print('TMP-PENUH', type(exc).__name__)\n"
            "print('TMP-MB', n)")),
        "a19-garpu": attack(release, honest_with(
            "import os, time\nn = 0\ntry:\n    while n < 1000:\n        pid = os.fork()\n"
            "        if pid == 0:\n            time.sleep(30)\n            os._exit(0)\n"
            "        n += 1\nexcept OSError as exc:\n    print('FORK-GAGAL', type(exc).__name__)\n"
            "print('ANAK', n)")),
        "a20-disk": attack(release, honest_with(
            "for i in range(40):\n    open(f'besar{i}.bin', 'wb').write(b'x' * 2**20)")),
        "a21-berkas": attack(release, honest_with(
            "import os\nos.makedirs('banyak', exist_ok=True)\n"
            "for i in range(5000):\n    open(f'banyak/{i}.txt', 'w').write('x')")),
        "a22-galat": attack(release, {"jawab_hpp": "raise ValueError('x' * 600_000)"}),
        "a23-tampilan": attack(release, honest_with(
            "from IPython.display import display\nh = display('kecil', display_id=True)\n"
            "for _ in range(8):\n    h.update('y' * 1_000_000)")),
        "a25-hentikan": attack(release, honest_with(
            "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)")),
        "a27-skrip": attack(release, honest_with(
            "from IPython.display import HTML, display\n"
            "display(HTML('<script>alert(\"serangan\")</script>"
            "<img src=x onerror=\"alert(1)\">'))"),
            essay="<script>alert('esai')</script> <img src=y onerror=\"alert(2)\"> NIB dulu"),
        "a30-memori-zigot": attack(release, honest_with(
            "import os\ntry:\n    open(f'/proc/{os.getppid()}/mem', 'rb').read(16)\n"
            "    print('MEM-TERBACA')\n"
            "except OSError as exc:\n    print('MEM', type(exc).__name__)")),
        "h33-id-ganda": None,  # built below
        "h36-custom-exc": attack(release, {"jawab_hpp": (
            "get_ipython().set_custom_exc((Exception,), lambda *a, **k: None)")}),
        "h38-cetak": attack(release, honest_with(
            "print('x' * 300_000_000)")),
    }


def _special_submissions(course: Path, release: Path, tmp: Path) -> None:
    """Submissions whose attack is in the files of submitted/, not in the notebook."""
    sub = course / "submitted"
    honest = attack(release, HONEST)
    # 9: symlinks to the gradebook and the instructor's notebook beside an honest notebook
    folder = sub / "a09-tautan" / A
    _write(folder, honest)
    (folder / "kunci.txt").symlink_to(Path("../../../source") / A / NB)
    (folder / "nilai.bin").symlink_to("../../../gradebook.db")
    # 10: the notebook itself is a link to the instructor's notebook
    folder = sub / "a10-tautan-nb" / A
    folder.mkdir(parents=True)
    (folder / NB).symlink_to(Path("../../../source") / A / NB)
    # 11: the assignment folder is a link to another participant's
    (sub / "a11-tautan-folder").mkdir(parents=True)
    (sub / "a11-tautan-folder" / A).symlink_to(Path("../jujur") / A)
    # 14: a re-submission whose timestamp.txt is not UTF-8
    folder = sub / "a14-stempel" / A
    _write(folder, honest)
    (folder / "timestamp.txt").write_bytes(b"\xff\xfe bukan tanggal")
    # 15: timestamp.txt is a FIFO (every reader would block)
    folder = sub / "a15-fifo" / A
    _write(folder, honest)
    os.mkfifo(folder / "timestamp.txt")
    # 24: a notebook far beyond any real one (read, never parsed)
    folder = sub / "a24-raksasa" / A
    big = attack(release, HONEST)
    big.cells.append(nbformat.v4.new_markdown_cell("x" * (9 * 2**20)))
    _write(folder, big)
    # 28: names a spreadsheet would evaluate
    _write(sub / "=1+1" / A, honest)
    _write(sub / "jujur-2" / '=HYPERLINK("https://contoh.invalid","Lihat nilai")', honest)
    # 29: terminal escape sequences in a folder name
    _write(sub / "x\x1b[2K\r\x1b[32mjujur" / A, honest)
    # 33 (held): the tests' grade ids duplicated, the originals emptied
    dup = attack(release)
    for cell in list(dup.cells):
        if cell.metadata.get("nbgrader", {}).get("grade"):
            clone = nbformat.from_dict(json.loads(json.dumps(cell)))
            clone.source = "pass"
            dup.cells.append(clone)
    _write(sub / "h33-id-ganda" / A, dup)
    # extra: cells the participant added and marked locked (a read-only cell would run in
    # the clean kernel before the tests), planting a transformer that drops every assert
    plant = ("import ast\nclass _T(ast.NodeTransformer):\n    def visit_Assert(self, n):\n"
             "        return ast.Pass()\nget_ipython().ast_transformers.append(_T())\n")
    for name, meta in (("b01-terkunci-palsu", {"grade_id": "palsu", "grade": False,
                                               "solution": False}),
                       ("b02-terkunci-tanpa-id", {})):
        nb = attack(release)
        cell = nbformat.v4.new_code_cell(plant)
        cell.pop("id", None)
        cell.metadata["nbgrader"] = {"locked": True, "schema_version": 3, **meta}
        if meta:
            cell.metadata["nbgrader"]["checksum"] = compute_checksum(cell)
        nb.cells.insert(1, cell)
        _write(sub / name / A, nb)
    # 37 (held): an extra notebook beside the graded one is neither run nor copied
    folder = sub / "h37-tambahan" / A
    _write(folder, honest)
    extra = attack(release, {"jawab_hpp": "open('/tmp/tambahan-jalan', 'w').write('x')"})
    nbformat.write(extra, folder / "tambahan.ipynb")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The attack cohort graded once with ``ikmkit grade`` (3 workers), then feedback and
    report; the grader's environment carries a hub token the kernels must not see."""
    base = tmp_path_factory.mktemp("keamanan")
    course = init_course(base / "kursus", FIXTURE)
    release = course / "release" / A / NB
    sock_dir = Path("/var/tmp") if os.access("/var/tmp", os.W_OK) else base
    sock = sock_dir / f"ikmkit-uji-{os.getpid()}.sock"
    unix_hits: list[int] = []
    tcp_hits: list[int] = []
    unix_server = _socket_server(sock, unix_hits)
    tcp_server, port = _tcp_server(tcp_hits)
    src = base / "src"
    for name, nb in _submissions(course, src, sock, port).items():
        if nb is None:
            continue
        _write(src / name, nb)  # type: ignore[arg-type]
        submit(course, name, A, src / name)
    _special_submissions(course, release, src)
    (course / "submitted" / "a13-stempel-kernel" / A / "timestamp.txt").write_text(
        "2026-12-01 08:00:00.000000 UTC")
    gradebook_before = (course / "gradebook.db").stat().st_size
    out, err = io.StringIO(), io.StringIO()
    os.environ["JUPYTERHUB_API_TOKEN"] = TOKEN
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["grade", str(course), "--jobs", "3", "--timeout", "15",
                         "--notebook-timeout", "60", "--memory", "256", "--no-progress"])
            feedback_code = main(["feedback", str(course)])
            report_code = main(["report", str(course)])
    finally:
        os.environ.pop("JUPYTERHUB_API_TOKEN", None)
        unix_server.close()
        tcp_server.close()
        sock.unlink(missing_ok=True)
    with (course / "hasil-penilaian.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {"course": course, "code": code, "out": out.getvalue(), "err": err.getvalue(),
            "rows": rows, "by": {r["participant"]: r for r in rows},
            "feedback_code": feedback_code, "report_code": report_code,
            "unix_hits": unix_hits, "tcp_hits": tcp_hits,
            "gradebook_before": gradebook_before}


def _graded(run, participant: str) -> str:
    """Everything the autograded notebook's cells printed (outputs only, not sources)."""
    nb = nbformat.read(run["course"] / "autograded" / participant / A / NB, as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(str(out.get("text", "")))
            parts.append(str(out.get("evalue", "")))
            parts += [str(v) for v in out.get("data", {}).values()]
    return "\n".join(parts)


def _score(run, participant: str) -> float:
    return float(run["by"][participant]["score"])


def _auto(run, participant: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{run['course'] / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook("keamanan", A, participant)
        return {g.name: g.auto_score for g in nb.grades}


def test_honest_and_blank_submissions_keep_their_scores(run):
    """The baseline: honest 3 of 4 (1 point is the trainer's), blank 0."""
    assert _score(run, "jujur") == 3 and run["by"]["jujur"]["status"] == "graded"
    assert _score(run, "kosong") == 0


def test_01_skip_execution_tag_on_tests_earns_nothing(run):
    """#1: 'skip-execution' on the test cells: the tests run anyway, tags are named."""
    row = run["by"]["a01-tag-lewati"]
    assert float(row["score"]) == 0
    assert "tag_eksekusi" in row["flags"]
    assert "raises-exception" not in _graded(run, "a01-tag-raises")


def test_02_participant_code_never_has_roots_powers(run):
    """#2: no capability, no remount, no setuid, nothing planted in the Python install."""
    out = _graded(run, "a02-root")
    assert "CAPEFF 0000000000000000" in out
    if running_as_root():
        assert "UID 65534" in out
    assert "MOUNT -1" in out and "UMOUNT -1" in out and "SETUID -1" in out
    assert "DITULIS" not in out
    import site
    import sys
    for folder in [sys.prefix, *site.getsitepackages()]:
        assert not (Path(folder) / "zz_ikm_poc.pth").exists()
    assert _score(run, "a02-root") == 3


def test_03_04_input_and_ast_transformers_are_named(run):
    """#3, #4: code that installs IPython transformers is flagged in the CSV."""
    for who in ("a03-transformer", "a04-ast"):
        assert "kode_kernel" in run["by"][who]["flags"], run["by"][who]


def test_05_assessment_sources_do_not_exist_in_the_sandbox(run):
    """#5: the repository (solutions, hidden tests) is not in the sandbox; only ikmkit is."""
    out = _graded(run, "a05-sumber")
    assert "SUMBER-ADA False" in out
    listing = out.split("ISI-REPO ")[1].split("\n")[0]
    assert "'ikmkit'" in listing and "'assessments'" not in listing and "'tests'" not in listing
    assert "'assessments'" not in out and "gradebook" not in out
    assert _score(run, "a05-sumber") == 3


def test_06_hidden_tests_never_reach_feedback(run):
    """#6: a hook echoing each cell: flagged, and no hidden test line in the feedback."""
    assert "kode_kernel" in run["by"]["a06-kait"]["flags"]
    page = (run["course"] / "feedback" / "a06-kait" / A / "keamanan.html").read_text()
    assert "RAHASIA_UJI" not in page


def test_07_grader_environment_is_not_passed_to_kernels(run):
    """#7: a token in the grader's environment never reaches the kernel or feedback."""
    assert "ENV" in _graded(run, "a07-lingkungan")
    assert TOKEN not in _graded(run, "a07-lingkungan")
    assert TOKEN not in (run["course"] / "feedback" / "a07-lingkungan" / A /
                         "keamanan.html").read_text()
    assert TOKEN not in _graded(run, "a05-sumber")


def test_08_host_sockets_are_out_of_reach(run):
    """#8 (and 8b): a host Unix socket and a loopback TCP server are unreachable."""
    out = _graded(run, "a08-soket")
    assert "TERHUBUNG" not in out and "SOKET" in out and "TCP " in out.replace("'", " ")
    assert run["unix_hits"] == [] and run["tcp_hits"] == []


@pytest.mark.parametrize("who", ["a09-tautan", "a10-tautan-nb", "a11-tautan-folder"])
def test_09_10_11_symlinks_in_submitted_are_refused(run, who):
    """#9-11: links in a submission (to the gradebook, sources, another participant)."""
    row = run["by"][who]
    assert row["status"] == "unsafe_submission", row
    assert "tautan" in row["detail"]
    assert not (run["course"] / "autograded" / who).exists()


def test_12_shadowed_builtin_is_named(run):
    """#12: rebinding a builtin the tests call is flagged."""
    row = run["by"]["a12-abs"]
    assert "nama_bawaan" in row["flags"] and "objek_pembanding" in row["flags"]


def test_13_timestamp_written_by_the_kernel_is_not_kept(run):
    """#13: the kernel's timestamp.txt never replaces nbgrader's."""
    stamp = run["course"] / "autograded" / "a13-stempel-kernel" / A / "timestamp.txt"
    assert stamp.read_text(encoding="utf-8").startswith("2026-12-01 08:00:00")


def test_14_15_bad_timestamps_are_named(run):
    """#14, #15: a non-UTF-8 timestamp.txt is ignored and named (the work is graded); a
    FIFO is refused by name, without anyone's grading waiting on it."""
    row = run["by"]["a14-stempel"]
    assert row["status"] == "graded" and float(row["score"]) == 3, row
    assert "timestamp" in row["flags"] and "timestamp.txt" in row["detail"]
    row = run["by"]["a15-fifo"]
    assert row["status"] == "unsafe_submission" and "timestamp.txt" in row["detail"], row


def test_13_14_15_a_second_run_grades_new_work(run, tmp_path):
    """#13-15: after the bad timestamps, the next ``ikmkit grade`` neither crashes nor
    hangs and grades a late participant."""
    course = run["course"]
    late = tmp_path / "telat"
    _write(late, attack(course / "release" / A / NB, HONEST))
    submit(course, "telat", A, late)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["grade", str(course), "--jobs", "2", "--no-progress"])
    assert "telat/s01-keamanan" in out.getvalue()
    assert code == 1  # the refused submissions still count as failed, nothing else
    with (course / "hasil-penilaian.csv").open(newline="", encoding="utf-8") as fh:
        rows = {r["participant"]: r for r in csv.DictReader(fh)}
    assert rows["telat"]["status"] == "graded" and rows["telat"]["score"] == "3"


def test_16_nested_profile_does_not_stop_the_report(run):
    """#16: one crafted profil_ikm.json: the report is written, the file is named."""
    assert run["report_code"] in (0, 1)
    assert (run["course"] / "laporan" / "index.html").is_file()
    assert "a16-profil" in run["err"] + run["out"]


@pytest.mark.skipif(not running_as_root() or ControlGroup.create("ikmkit-uji-probe",
                    Limits()) is None, reason="control groups need root and cgroupfs")
def test_17_child_processes_share_one_memory_cap(run):
    """#17: five children of 200 MB each do not all fit in one sandbox's control group."""
    out = _graded(run, "a17-anak")
    assert "ANAK-HIDUP 5" not in out


def test_18_tmp_is_small(run):
    """#18: the sandbox's /tmp is a small memory file system of its own."""
    out = _graded(run, "a18-tmp")
    assert "TMP-PENUH" in out
    mb = int(out.split("TMP-MB ")[1].split()[0])
    assert mb <= Limits().tmp_mb


def test_19_fork_bomb_hits_the_process_limit(run):
    """#19: process creation stops at the limit; the run and everyone else go on."""
    out = _graded(run, "a19-garpu")
    assert "FORK-GAGAL" in out
    count = int(out.split("ANAK ")[1].split()[0])
    assert count < Limits().processes
    assert run["by"]["jujur"]["status"] == "graded"


def test_20_21_files_copied_back_are_capped(run):
    """#20, #21: megabytes or thousands of files written while graded are not all kept."""
    for who in ("a20-disk", "a21-berkas"):
        folder = run["course"] / "autograded" / who / A
        files = [p for p in folder.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        assert size <= Limits().bytes_back_mb * 2**20 + 2**20
        assert len(files) <= Limits().files_back + 3  # + notebook, timestamp
        assert "berkas_keluaran" in run["by"][who]["flags"], run["by"][who]


@pytest.mark.parametrize("who", ["a22-galat", "a23-tampilan", "h38-cetak"])
def test_22_23_38_outputs_are_capped(run, who):
    """#22, #23 (and 38): error messages and display updates are capped like streams."""
    path = run["course"] / "autograded" / who / A / NB
    assert path.stat().st_size < 2 * 2**20
    assert "keluaran_dipotong" in run["by"][who]["flags"] or who == "h38-cetak"


def test_24_huge_notebook_is_refused_unparsed(run):
    """#24: a notebook of several megabytes is reported by size, never parsed."""
    row = run["by"]["a24-raksasa"]
    assert row["status"] == "invalid_notebook" and "terlalu besar" in row["detail"]


def test_25_stopped_zygote_costs_only_that_notebook(run):
    """#25: stopping the kernel server ends that submission's kernel, not the run."""
    row = run["by"]["a25-hentikan"]
    assert "server_kernel_macet" in row["flags"], row
    assert run["by"]["jujur"]["status"] == "graded"


def test_27_feedback_carries_no_script(run):
    """#27: scripts and event handlers from answers and essays are not in feedback HTML."""
    from html.parser import HTMLParser

    page = (run["course"] / "feedback" / "a27-skrip" / A / "keamanan.html").read_text()
    found: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "iframe", "object") or any(
                    name.startswith("on") for name, _ in attrs):
                found.append(f"{tag} {attrs}")

    Tags().feed(page)
    assert found == []  # the attack text may be shown, escaped, but never as markup
    assert "alert" in page  # ... it is shown (as code or text)
    assert "Content-Security-Policy" in page


def test_28_spreadsheet_formulas_are_neutralised(run):
    """#28: names starting with = are written so no spreadsheet evaluates them."""
    raw = (run["course"] / "hasil-penilaian.csv").read_text(encoding="utf-8")
    assert "\n=1+1" not in raw and ",=HYPERLINK" not in raw
    assert any(r["participant"] == "'=1+1" for r in run["rows"])
    assert any(r["assignment"].startswith("'=HYPERLINK") for r in run["rows"])


def test_29_no_terminal_escapes_are_printed(run):
    """#29: a folder name with escape sequences is printed escaped."""
    assert "\x1b" not in run["out"] and "\x1b" not in run["err"]
    assert "\\x1b[2K" in run["out"]


def test_30_zygote_memory_is_not_readable(run):
    """#30: the kernel server's memory cannot be read from a kernel."""
    out = _graded(run, "a30-memori-zigot")
    assert "MEM-TERBACA" not in out and "MEM " in out.replace("'", " ")


def test_held_duplicate_ids_custom_exc_and_extra_notebooks(run):
    """#33, #36, #37 kept holding: duplicated ids earn nothing, a custom exception handler
    hides no failure, an extra notebook is never run."""
    assert run["by"]["h33-id-ganda"]["score"] in ("", "0")
    assert float(run["by"]["h36-custom-exc"]["score"]) == 0
    assert float(run["by"]["h37-tambahan"]["score"]) == 3
    assert not (run["course"] / "autograded" / "h37-tambahan" / A / "tambahan.ipynb").exists()


def test_added_locked_cells_are_never_run_as_the_trainers(run):
    """A cell the participant added and marked read-only (with a made-up grade id and a
    matching checksum, or with none) earns nothing and is named for the trainer in plain
    words; the rest of the cohort is graded."""
    for name in ("b01-terkunci-palsu", "b02-terkunci-tanpa-id"):
        row = run["by"][name]
        assert row["score"] in ("", "0", "0.0"), row
        assert row["status"] != "graded"
        assert BAD_METADATA_DETAIL in row["detail"], row
    assert float(run["by"]["jujur"]["score"]) == 3


def test_gradebook_is_only_written_by_the_grader(run):
    """No attack changed the gradebook behind nbgrader's back."""
    db = sqlite3.connect(run["course"] / "gradebook.db")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    scores = _auto(run, "jujur")
    assert (scores["tes_hpp"], scores["tes_harga"]) == (2.0, 1.0)
