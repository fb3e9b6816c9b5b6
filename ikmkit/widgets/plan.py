"""The 90-day plan of the module 02 "Usaha saya" worksheet (kept in the "kesiapan" section)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as W

from ikmkit import readiness, usaha
from ikmkit.errors import IkmkitError
from ikmkit.widgets._base import (
    GREEN as _GREEN,
)
from ikmkit.widgets._base import (
    GREY as _GREY,
)
from ikmkit.widgets._base import (
    LABEL_STYLE as _LABEL_STYLE,
)
from ikmkit.widgets._base import (
    Tool as _Tool,
)
from ikmkit.widgets._base import (
    error_html as _error_html,
)
from ikmkit.widgets._base import (
    esc as _esc,
)
from ikmkit.widgets._base import (
    num as _num,
)

FIELDS = {  # key: (label, placeholder)
    "langkah": ("Langkah", "mis. Ajukan SPP-IRT lewat OSS"),
    "tempat": ("Ke mana / siapa", "mis. Dinas Kesehatan Kota Malang"),
    "selesai": ("Selesai paling lambat", "mis. 15 Maret 2027"),
    "biaya": ("Perkiraan biaya", "mis. Rp0 (SEHATI) atau Rp500.000"),
    "tanda_selesai": ("Tanda sudah selesai", "mis. nomor P-IRT tercetak di label"),
}


class ActionPlan(_Tool):
    """Three steps for the next 90 days, chosen from one's own next steps.

    ``suggestions`` shows the first recommendations of the saved self-assessment (blockers
    first); ``controls`` has one text box per field and step (``langkah_1``, ``tempat_1``,
    ...). :meth:`save` keeps the plan in the "kesiapan" section of Usaha saya under
    ``rencana_90_hari`` (the answers there stay as they are).

    >>> import tempfile, pathlib
    >>> from ikmkit import usaha
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "usaha_saya.json"
    >>> answers = readiness.blank_answers("makanan-minuman", best=True) | {"halal": False}
    >>> _ = usaha.save("kesiapan", {"sektor": "makanan-minuman", "jawaban": answers},
    ...                path=path)
    >>> plan = ActionPlan.from_usaha(path)
    >>> "SIHALAL" in plan.suggestions.value
    True
    >>> plan.controls["langkah_1"].value = "Ajukan halal self-declare"
    >>> plan.save()[0]["langkah"]
    'Ajukan halal self-declare'
    >>> usaha.load(path).section("kesiapan")["jawaban"]["halal"]
    False
    """

    def __init__(self, recommendations: Sequence[readiness.Recommendation] = (), *,
                 steps: int = 3, saved: Sequence[Mapping[str, Any]] = (),
                 path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.steps = steps
        self.controls: dict[str, W.ValueWidget] = {}
        rows: list[W.Widget] = []
        for k in range(1, steps + 1):
            rows.append(W.HTML(f"<b>Langkah {k}</b>"))
            for key, (label, hint) in FIELDS.items():
                box = W.Text(description=label, placeholder=hint, style=_LABEL_STYLE,
                             layout=W.Layout(width="560px"))
                self.controls[f"{key}_{k}"] = box
                rows.append(box)
        for k, step in enumerate(saved[:steps], start=1):
            for key in FIELDS:
                value = step.get(key)
                if isinstance(value, str):
                    self.controls[f"{key}_{k}"].value = value
        self.suggestions = W.HTML(self._suggestions_html(recommendations))
        self.result: list[dict[str, str]] = []
        self.status = W.HTML()
        self.save_button = W.Button(description="Simpan ke Usaha saya", icon="save",
                                    button_style="success", layout=W.Layout(width="auto"))
        self.save_button.on_click(lambda _b: self.save())
        self.widget = W.VBox([W.HTML("<h3 style='margin:0'>Rencana 90 hari</h3>"),
                              self.suggestions, *rows,
                              W.HBox([self.save_button, self.status])])
        self._watch(self.controls.values())
        self.update()

    @classmethod
    def from_usaha(cls, path: str | Path | None = None, steps: int = 3) -> ActionPlan:
        """The plan with suggestions from the saved self-assessment and the saved plan."""
        problem = ""
        try:
            kesiapan = usaha.load(path).section("kesiapan")
        except usaha.UsahaError as exc:
            kesiapan, problem = {}, str(exc)
        recommendations: list[readiness.Recommendation] = []
        answers = {**(kesiapan.get("jawaban") or {}), **(kesiapan.get("gerbang") or {})}
        if answers and kesiapan.get("sektor") in readiness.SECTORS:
            try:
                recommendations = readiness.score(answers, kesiapan["sektor"]).recommendations
            except IkmkitError as exc:
                problem = f"jawaban tersimpan tidak bisa dinilai: {exc}"
        saved = kesiapan.get("rencana_90_hari") or []
        plan = cls(recommendations, steps=steps,
                   saved=[s for s in saved if isinstance(s, dict)], path=path)
        if problem:
            plan.status.value = _error_html(ValueError(f"berkas Usaha saya: {problem}"))
        return plan

    @staticmethod
    def _suggestions_html(recommendations: Sequence[readiness.Recommendation]) -> str:
        if not recommendations:
            return (f"<div style='color:{_GREY}'>Belum ada penilaian tersimpan: isi dan simpan "
                    "penilaian kesiapan di atas dulu, lalu jalankan sel ini lagi.</div>")
        items = "".join(
            f"<li>{'<b>WAJIB DULU:</b> ' if r.blocker else ''}{_esc(r.text)} "
            f"<span style='color:{_GREY}'>(+{_num(r.gain_points, 1)} poin)</span></li>"
            for r in recommendations[:5])
        return ("<div><b>Saran dari penilaian Anda</b> (penghambat dulu, lalu yang paling "
                f"menambah skor):<ol>{items}</ol>Pilih yang realistis untuk 90 hari ke depan; "
                "boleh langkah lain.</div>")

    def update(self) -> None:
        """Collect the filled steps (a step counts once its "Langkah" is filled)."""
        self.result = []
        for k in range(1, self.steps + 1):
            step = {key: str(self.controls[f"{key}_{k}"].value).strip() for key in FIELDS}
            if step["langkah"]:
                self.result.append(step)

    def save(self) -> list[dict[str, str]] | None:
        """Keep the plan in the "kesiapan" section (other keys kept); None on error."""
        if not self.result:
            self.status.value = _error_html(ValueError("isi setidaknya satu langkah"))
            return None
        try:
            kept = usaha.load(self.path).section("kesiapan")
            data = usaha.save("kesiapan", {**kept, "rencana_90_hari": self.result},
                              path=self.path)
        except (IkmkitError, OSError) as exc:
            self.status.value = _error_html(exc)
            return None
        where = data.path.name if data.path is not None else usaha.FILE_NAME
        self.status.value = (f"<span style='color:{_GREEN}'>{len(self.result)} langkah "
                             f"tersimpan di <code>{_esc(where)}</code>.</span>")
        return self.result
