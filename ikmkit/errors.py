"""The one exception tree of ikmkit.

Every error ikmkit raises on bad input is an :class:`IkmkitError`, a subclass of
:class:`ValueError`, so callers can catch either. Messages name the field, the rule
and the value received, in Bahasa Indonesia, because participants read them.

>>> from ikmkit.errors import IkmkitError
>>> issubclass(IkmkitError, ValueError)
True
"""

from __future__ import annotations

__all__ = ["IkmkitError"]


class IkmkitError(ValueError):
    """Base class of every documented ikmkit input error."""
