"""ikmkit.hub: roster, accounts, login cards, ``ikmkit hub init`` on real system users,
re-running with a longer roster, password reset, bad input, and start/stop of a real hub.

The roster, card and account-file tests need nothing special. The others create system
users (root only, as in CI) through the ``make_hub`` fixture, which removes them again.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hubkit import free_port, roster_text, run_ikmkit, running_hub, traversable_tmp

from ikmkit.cohort import tracking
from ikmkit.hub import RosterError, read_roster
from ikmkit.hub.accounts import Account, read_accounts, write_accounts
from ikmkit.hub.cards import Card, write_cards
from ikmkit.hub.roster import merge_rosters, username_from_id

HEADER = "id_peserta,nama,nama_ikm,sektor,kabupaten\n"


def _roster(tmp_path: Path, body: str, name: str = "peserta.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- roster


def test_roster_csv_with_other_header_names(tmp_path: Path) -> None:
    """Aliases, case, spaces, a BOM, semicolons and sector spellings are accepted."""
    path = tmp_path / "daftar.csv"
    path.write_text("\ufeffNo Peserta;Nama Peserta;Nama Usaha;Sector;Kabupaten/Kota\n"
                    "JTM-2026/001;Siti Rahayu;Batik Sekar;Batik;Tuban\n"
                    ";;;;\n"
                    "JTM-2026/002;Tini Wulandari;Sambal Bu Tini;Makanan dan Minuman;Malang\n",
                    encoding="utf-8")
    people = read_roster(path)
    assert [(p.username, p.sector, p.district) for p in people] == [
        ("jtm-2026-001", "batik", "Tuban"), ("jtm-2026-002", "makanan-minuman", "Malang")]


def test_roster_xlsx(tmp_path: Path) -> None:
    """An Excel roster reads like the CSV; numeric ids become text."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["id_peserta", "nama", "nama_ikm", "sektor", "kabupaten"])
    ws.append([7, "Budi Santoso", "Konveksi Maju", "konveksi", "Sidoarjo"])
    wb.save(tmp_path / "peserta.xlsx")
    (person,) = read_roster(tmp_path / "peserta.xlsx")
    assert (person.participant_id, person.username, person.business) == (
        "7", "p-7", "Konveksi Maju")


@pytest.mark.parametrize(("body", "message"), [
    ("A-1,Siti,Batik Sekar,batik,\n", "baris 2, kolom 'kabupaten': tidak boleh kosong"),
    ("A-1,Siti,Batik Sekar,batik,Tuban\nA-2,Budi,Konveksi,tenun,Kediri\n",
     "baris 3, kolom 'sektor': harus salah satu dari batik, konveksi, bordir, "
     "makanan-minuman: 'tenun'"),
    ("A-1,Siti,Batik Sekar,batik,Tuban\nA-1,Budi,Konveksi,konveksi,Kediri\n",
     "baris 3, kolom 'id_peserta': sudah dipakai di baris 2: 'A-1'"),
    ("A 1,Siti,Batik Sekar,batik,Tuban\nA/1,Budi,Konveksi,konveksi,Kediri\n",
     "baris 3, kolom 'id_peserta': 'A/1' dan 'A 1' (baris 2) menjadi nama pengguna yang "
     "sama: 'a-1'"),
    ("###,Siti,Batik Sekar,batik,Tuban\n",
     "baris 2, kolom 'id_peserta': nama pengguna dari id ini tidak berisi huruf atau angka"),
    ("", "tidak ada satu peserta pun"),
])
def test_roster_errors_name_row_and_column(tmp_path: Path, body: str, message: str) -> None:
    """Every bad row stops the roster with the file, Excel row number and column."""
    with pytest.raises(RosterError, match="peserta.csv") as err:
        read_roster(_roster(tmp_path, body))
    assert message in str(err.value)


def test_roster_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "peserta.csv"
    path.write_text("id_peserta,nama,sektor,kabupaten\nA-1,Siti,batik,Tuban\n",
                    encoding="utf-8")
    with pytest.raises(RosterError, match="kolom 'nama_ikm' tidak ada di baris judul"):
        read_roster(path)


def test_usernames_are_lowercase_ascii() -> None:
    assert username_from_id("IKM/Jatim 2026 — Ünal-03") == "ikm-jatim-2026-unal-03"
    assert username_from_id("2026-01") == "p-2026-01"


def test_merge_keeps_everyone(tmp_path: Path) -> None:
    """A shorter or different new roster never drops anyone; newcomers come last."""
    old = read_roster(_roster(tmp_path, "A-1,Siti,Batik,batik,Tuban\nA-2,Budi,Kon,konveksi,"
                                        "Kediri\n", "lama.csv"))
    new = read_roster(_roster(tmp_path, "A-2,Budi S,Kon,konveksi,Kediri\nA-3,Dewi,Bordir,"
                                        "bordir,Pasuruan\n", "baru.csv"))
    merged, missing = merge_rosters(old, new)
    assert [(p.username, p.name) for p in merged] == [
        ("a-1", "Siti"), ("a-2", "Budi S"), ("a-3", "Dewi")]
    assert [p.username for p in missing] == ["a-1"]


# --------------------------------------------------------------------------- files


def test_accounts_file_is_private(tmp_path: Path) -> None:
    """akun.csv has exactly username,password,role and mode 0600."""
    accounts = [Account("a-1", "abcd-efgh", "peserta"), Account("rina", "k7mq-x9pa", "pelatih")]
    path = write_accounts(tmp_path / "akun.csv", accounts)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().splitlines()[0] == "username,password,role"
    assert read_accounts(path) == accounts


def test_login_cards(tmp_path: Path) -> None:
    """One page per person plus a printable page with all; Indonesian, print CSS, private."""
    cards = [Card(Account("a-1", "abcd-efgh", "peserta"), "Siti Rahayu", "Batik Sekar",
                  "batik", "Tuban"),
             Card(Account("rina", "k7mq-x9pa", "pelatih"), "rina")]
    everyone = write_cards(tmp_path / "kartu", cards, "http://kelas.example:8000/", "Angkatan 1")
    assert stat.S_IMODE((tmp_path / "kartu").stat().st_mode) == 0o700
    page = everyone.read_text(encoding="utf-8")
    assert page.count('class="kartu"') == 2
    assert "@media print" in page and "break-inside:avoid" in page
    one = (tmp_path / "kartu" / "a-1.html").read_text(encoding="utf-8")
    for text in ("Siti Rahayu", "Batik Sekar (Batik, Tuban)", "a-1", "abcd-efgh",
                 "http://kelas.example:8000/", "Kata sandi", "Nama pengguna", "Fetch Feedback"):
        assert text in one
    assert "k7mq-x9pa" not in one
    assert "Formgrader" in (tmp_path / "kartu" / "rina.html").read_text(encoding="utf-8")
    assert stat.S_IMODE((tmp_path / "kartu" / "a-1.html").stat().st_mode) == 0o600


# --------------------------------------------------------------------------- tracking


def test_roster_fills_the_cohort(tmp_path: Path) -> None:
    """Everyone on the course roster gets a row with name, IKM name, sector and district."""
    (tmp_path / "submitted").mkdir()
    with (tmp_path / tracking.ROSTER_NAME).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(tracking.ROSTER_COLUMNS)
        writer.writerow(["a-1", "Siti Rahayu", "Batik Sekar", "batik", "Tuban"])
        writer.writerow(["a-2", "Budi Santoso", "Konveksi Maju", "konveksi", "Sidoarjo"])
    table = tracking.load_cohort(tmp_path).table
    assert list(table.index) == ["a-1", "a-2"]
    assert table.loc["a-2", ["nama_peserta", "nama_usaha", "kabupaten"]].tolist() == [
        "Budi Santoso", "Konveksi Maju", "Sidoarjo"]
    assert str(table.loc["a-1", "sector"]) == "batik"
    assert table.loc["a-1", "sumber"] == "belum ada profil"


# --------------------------------------------------------------------------- real batches


@pytest.mark.slow
def test_init_rerun_password_and_remove(make_hub, tmp_path: Path) -> None:
    """init makes private accounts, homes with the curriculum, a private course and a
    roster-filled gradebook; a longer roster adds people and loses nothing; a password can
    be reset; nobody is dropped when missing from a new roster."""
    import pamela
    from nbgrader.api import Gradebook

    batch = make_hub("init", participants=2, trainers=("rina",))
    root = batch.root
    first, second = batch.participants
    settings = json.loads((root / "hub.json").read_text())
    home = Path(settings["home_root"])

    accounts = batch.accounts
    assert set(accounts) == {*batch.participants, *batch.trainers}
    assert stat.S_IMODE((root / "akun.csv").stat().st_mode) == 0o600
    assert (root / "akun.csv").stat().st_uid == 0
    for user, password in accounts.items():
        pamela.authenticate(user, password, service="login")  # what JupyterHub checks
    with pytest.raises(pamela.PAMError):
        pamela.authenticate(first, accounts[first] + "x", service="login")
    assert stat.S_IMODE((home / first).stat().st_mode) == 0o700
    assert (home / first / "materi" / "00-pengantar").is_dir()
    assert not (home / first / "materi" / "panduan-pelatih").exists()
    assert (home / batch.trainers[0] / "materi" / "panduan-pelatih").is_dir()
    course = root / "kelas"
    assert stat.S_IMODE(course.stat().st_mode) == 0o700
    assert course.stat().st_uid != 0
    assert stat.S_IMODE((root / "pertukaran").stat().st_mode) == 0o1777
    cards = (root / "kartu-login" / "semua.html").read_text(encoding="utf-8")
    assert accounts[first] in cards and "Siti Rahayu 1" in cards
    config = (root / "jupyterhub_config.py").read_text()
    assert "c.JupyterHub.authenticator_class = 'pam'" in config
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", batch.course_id) as gb:
        assert {s.id: s.first_name for s in gb.students} == {first: "Siti Rahayu",
                                                               second: "Budi Santoso"}

    # a participant's own work, then a longer roster (without the first participant)
    work = home / second / "materi" / "catatan-saya.txt"
    work.write_text("jangan hilang", encoding="utf-8")
    longer = batch.roster.with_name("peserta-baru.csv")
    tag = second.rsplit("-", 1)[0]
    longer.write_text(roster_text(tag, 2, start=2), encoding="utf-8")  # 02 and 03
    done = run_ikmkit("hub", "init", str(root), "--roster", str(longer), "--trainers",
                      batch.trainers[0])
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{first} tidak ada di daftar peserta baru" in done.stdout
    newcomer = f"{tag}-03"
    batch.participants.append(newcomer)  # so that the fixture removes it
    after = read_accounts(root / "akun.csv")
    assert {a.username: a.password for a in after if a.username != newcomer} == accounts
    assert newcomer in {a.username for a in after}
    assert work.read_text(encoding="utf-8") == "jangan hilang"
    table = tracking.roster_from_course(course)
    assert list(table.index) == [first, second, newcomer]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", batch.course_id) as gb:
        assert {s.id for s in gb.students} == {first, second, newcomer}

    # password reset: a new one works, the old one no longer
    done = run_ikmkit("hub", "password", second, "--dir", str(root))
    assert done.returncode == 0, done.stderr
    new_password = {a.username: a.password for a in read_accounts(root / "akun.csv")}[second]
    assert new_password != accounts[second] and new_password in done.stdout
    pamela.authenticate(second, new_password, service="login")
    with pytest.raises(pamela.PAMError):
        pamela.authenticate(second, accounts[second], service="login")
    assert new_password in (root / "kartu-login" / f"{second}.html").read_text()
    done = run_ikmkit("hub", "password", "bukan-akun", "--dir", str(root))
    assert done.returncode == 2 and "bukan akun angkatan ini" in done.stderr


@pytest.mark.slow
def test_bad_input_changes_nothing(hub_env: Path) -> None:
    """A bad roster, a folder other accounts cannot reach, a bad --db: exit 2, an Indonesian
    message, and no folder and no system user created."""
    import pwd
    import shutil

    base = traversable_tmp("ikmkit-hub-salah-")
    bad = _roster(base, "X-1,Siti,Batik,batik,Tuban\nX-2,Budi,Kon,sutra,Kediri\n")
    done = run_ikmkit("hub", "init", str(base / "hub"), "--roster", str(bad), "--trainers",
                      "rina", "--env", str(hub_env))
    assert done.returncode == 2
    assert "baris 3, kolom 'sektor'" in done.stderr and "Galat:" in done.stderr
    assert not (base / "hub").exists()

    good = _roster(base, "X-1,Siti,Batik,batik,Tuban\n", "baik.csv")
    hidden = base / "tertutup"
    hidden.mkdir(mode=0o700)
    done = run_ikmkit("hub", "init", str(hidden / "hub"), "--roster", str(good), "--trainers",
                      "rina", "--env", str(hub_env))
    assert done.returncode == 2
    assert "tidak bisa dibuka pengguna lain" in done.stderr and "/srv/ikmkit" in done.stderr
    assert not (hidden / "hub").exists()

    done = run_ikmkit("hub", "init", str(base / "hub"), "--roster", str(good), "--trainers",
                      "rina", "--env", str(hub_env), "--db", "mysql://x@y/z")
    assert done.returncode == 2 and "'--db' harus alamat PostgreSQL" in done.stderr
    assert not (base / "hub").exists()
    with pytest.raises(KeyError):
        pwd.getpwnam("x-1")
    shutil.rmtree(base)


@pytest.mark.slow
def test_start_answers_and_ctrl_c_leaves_nothing(make_hub, tmp_path: Path) -> None:
    """`ikmkit hub start`: the Indonesian login page on the chosen port; Ctrl-C (SIGINT)
    stops JupyterHub, the proxy and the course service; a busy port is refused."""
    batch = make_hub("start", participants=1)
    with running_hub(batch, tmp_path / "hub.log") as hub:
        page = urllib.request.urlopen(hub.url + "/hub/login").read().decode()
        assert "Nama pengguna" in page and "Kata sandi" in page
        assert "Uji start" in page
        port = int(hub.url.rsplit(":", 1)[1])
        busy = run_ikmkit("hub", "start", str(batch.root), "--port", str(port), "--ip",
                          "127.0.0.1")
        assert busy.returncode == 2 and "sudah dipakai" in busy.stderr
    # the fixture stopped it with SIGTERM; now the Ctrl-C path of the command itself
    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "ikmkit"), "hub", "start",
                             str(batch.root), "--port", str(port), "--ip", "127.0.0.1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/api", timeout=2) as r:
                if b'"version"' in r.read():
                    break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.3)
    proxy = int((batch.root / "data" / "proxy.pid").read_text())
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the terminal's process group
    out, _ = proc.communicate(timeout=90)
    assert proc.returncode == 0, out
    assert "Hub berhenti; tidak ada proses hub yang tersisa." in out
    from ikmkit.hub.server import account_processes

    assert account_processes([*batch.participants, *batch.trainers,
                              f"grader-{batch.course_id}"]) == []
    with pytest.raises(ProcessLookupError):
        os.kill(proxy, 0)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/hub/api", timeout=2)
