"""Saving a tool's inputs to the participant's "Usaha saya" file and loading them back.

A worksheet notebook builds a tool with ``Tool.from_usaha()``: the tool starts from what the
participant saved before (its own section of ``usaha_saya.json``, see :mod:`ikmkit.usaha`) or,
the first time, from what earlier modules saved (e.g. the price build-up starts from the HPP of
module 04's cost sheet). A "Simpan ke Usaha saya" button writes the tool's section again. The
lesson notebooks build tools without it, so a lesson example never lands in the file.

Each tool that takes part has a ``SECTION`` (one of :data:`ikmkit.usaha.SECTIONS`),
``usaha_values()`` (plain data to save) and ``apply_usaha(values)`` (set the controls from
saved data; unknown or broken values are skipped, the rest is kept). Tools that share a
section (market choice and quotation, both in ``pasar``) save only their own keys and keep
the others (``MERGE``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as W
from traitlets import TraitError

from ikmkit import usaha
from ikmkit.errors import IkmkitError
from ikmkit.widgets._base import GREEN, GREY, error_html, esc

__all__ = ["UsahaMixin", "load_sections", "number", "set_value", "strings", "text"]

PathLike = str | os.PathLike[str] | None


def load_sections(path: PathLike = None) -> usaha.UsahaSaya:
    """The participant's file (empty when there is none yet)."""
    return usaha.load(path)


class UsahaMixin:
    """Save/load of one section of ``usaha_saya.json`` for a :class:`~ikmkit.widgets._base.Tool`.

    The class using it defines ``SECTION``, ``usaha_values()`` and ``apply_usaha()``; it may
    define ``prefill(data)`` to start from other modules' sections the first time and
    ``MERGE = True`` to keep keys of the section that other tools save.
    """

    SECTION: str = ""
    MERGE: bool = False
    widget: W.Box
    usaha_path: PathLike = None
    usaha_status: W.HTML | None = None
    usaha_button: W.Button | None = None

    def usaha_values(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def apply_usaha(self, values: Mapping[str, Any]) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def prefill(self, data: usaha.UsahaSaya) -> bool:
        """Start from other modules' sections; True when something was taken over."""
        return False

    def own_values(self, data: usaha.UsahaSaya) -> Mapping[str, Any] | None:
        """What this tool saved before (its section), or None the first time."""
        return data.sections.get(self.SECTION) or None

    def after_load(self, data: usaha.UsahaSaya) -> None:
        """Read context from other sections after loading (e.g. a price to compare with)."""

    @classmethod
    def from_usaha(cls, path: PathLike = None, **kwargs: Any) -> Any:
        """The tool with the participant's saved values (or earlier modules' data) and a
        "Simpan ke Usaha saya" button. A broken file is reported in the tool, not raised."""
        tool = cls(**kwargs)
        tool.attach_usaha(path)
        return tool

    def attach_usaha(self, path: PathLike = None) -> None:
        """Load what was saved, add the save button and its status line to the widget."""
        self.usaha_path = path
        self.usaha_status = W.HTML()
        self.usaha_button = W.Button(description="Simpan ke Usaha saya", icon="save",
                                     button_style="success",
                                     tooltip="Menyimpan isian ke usaha_saya.json")
        self.usaha_button.on_click(lambda _button: self.save())
        self.widget.children = (*self.widget.children,
                                W.HBox([self.usaha_button, self.usaha_status]))
        try:
            data = usaha.load(path)
        except IkmkitError as exc:
            self.usaha_status.value = error_html(exc)
            return
        own = self.own_values(data)
        where = esc((data.path or usaha.locate()).name)
        self.after_load(data)
        if own:
            self.apply_usaha(own)
            self.usaha_status.value = (f"<span style='color:{GREY}'>Dimuat dari <code>{where}"
                                       "</code>. Ubah bila perlu, lalu simpan lagi.</span>")
        elif self.prefill(data):
            self.usaha_status.value = (f"<span style='color:{GREY}'>Diisi dari modul sebelumnya "
                                       f"(<code>{where}</code>). Periksa, lalu simpan.</span>")
        else:
            self.usaha_status.value = (f"<span style='color:{GREY}'>Belum ada data tersimpan: "
                                       "ganti contoh dengan angka usaha Anda, lalu simpan."
                                       "</span>")

    def save(self, path: PathLike = None) -> usaha.UsahaSaya | None:
        """Write this tool's section; report in the status line. None when it could not."""
        target = path if path is not None else self.usaha_path
        try:
            values = self.usaha_values()
            if self.MERGE:
                values = {**usaha.load(target).section(self.SECTION), **values}
            data = usaha.save(self.SECTION, values, path=target)
        except (IkmkitError, OSError) as exc:
            if self.usaha_status is not None:
                self.usaha_status.value = error_html(exc)
            return None
        if self.usaha_status is not None:
            name = esc((data.path or Path(usaha.FILE_NAME)).name)
            self.usaha_status.value = (f"<span style='color:{GREEN}'>Tersimpan di <code>{name}"
                                       f"</code> (bagian '{esc(self.SECTION)}').</span>")
        return data


def number(values: Mapping[str, Any], key: str, default: float | None = None,
           *, low: float = 0, high: float = 10**13) -> float | None:
    """A saved number within [low, high], or *default* (bad or missing values are skipped)."""
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    if not low <= value <= high:
        return default
    return float(value)


def text(values: Mapping[str, Any], key: str, default: str = "") -> str:
    """A saved text, or *default*."""
    value = values.get(key)
    return value if isinstance(value, str) else default


def strings(values: Mapping[str, Any], key: str) -> list[str]:
    """A saved list of texts (other items dropped), or an empty list."""
    value = values.get(key)
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str)]


def set_value(control: W.ValueWidget, value: Any) -> None:
    """Set a control when the value is acceptable to it; otherwise keep what it holds."""
    if value is None:
        return
    options = getattr(control, "options", None)
    if options is not None:
        allowed = [o[1] if isinstance(o, tuple) else o for o in options]
        if value not in allowed:
            return
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    if low is not None and high is not None and isinstance(value, (int, float)) \
            and not low <= value <= high:
        return
    try:
        control.value = value
    except (TraitError, TypeError, ValueError):  # a saved value the control refuses: skip it
        return
