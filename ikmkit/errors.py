"""The one exception tree of ikmkit.

Every error ikmkit raises on bad input is an :class:`IkmkitError`, a subclass of
:class:`ValueError`, so callers can catch either. Messages name the field, the rule
and the value received, in Bahasa Indonesia, because participants read them. An error
built from ``field``, ``rule`` and ``value`` keeps them as attributes, so the command line
can name its own option (``--timeout``) where the library says ``cell_timeout``.

>>> from ikmkit.errors import IkmkitError
>>> issubclass(IkmkitError, ValueError)
True
>>> exc = IkmkitError(field="cell_timeout", rule="harus paling sedikit 1 detik", value=0)
>>> str(exc)
"'cell_timeout' harus paling sedikit 1 detik: 0"
>>> str(exc.renamed({"cell_timeout": "--timeout"}))
"'--timeout' harus paling sedikit 1 detik: 0"
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["IkmkitError"]

_NO_VALUE: Any = object()


class IkmkitError(ValueError):
    """Base class of every documented ikmkit input error."""

    def __init__(self, message: str = "", *, field: str | None = None,
                 rule: str | None = None, value: Any = _NO_VALUE) -> None:
        self.field, self.rule, self.value = field, rule, value
        if not message and field is not None and rule is not None:
            message = self._format(field)
        super().__init__(message)

    def _format(self, name: str) -> str:
        text = f"'{name}' {self.rule}"
        return text if self.value is _NO_VALUE else f"{text}: {self.value!r}"

    def renamed(self, names: Mapping[str, str]) -> IkmkitError:
        """The same error naming ``names[field]`` (e.g. a command-line option) instead."""
        if self.field is None or self.rule is None or self.field not in names:
            return self
        return type(self)(self._format(names[self.field]), field=names[self.field],
                          rule=self.rule, value=self.value)
