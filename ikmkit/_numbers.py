"""Numbers typed by participants, checked once for every calculator.

Each calculator passes its own error class so the message comes from the module the participant
called (``CostingError``, ``FinanceError``, ``QuotationError``), always naming the argument.
"""

from __future__ import annotations

import numbers
from decimal import Decimal, InvalidOperation

from ikmkit.errors import IkmkitError

__all__ = ["decimal", "non_negative", "positive"]

_HOW = "tulis tanpa titik ribuan dan pakai titik untuk desimal, mis. '1500000' atau '1.49'"


def decimal(value: object, name: str, error: type[IkmkitError] = IkmkitError) -> Decimal:
    """*value* as a finite Decimal; floats go through their text, never their binary value.

    >>> decimal("1_500_000", "biaya")
    Decimal('1500000')
    >>> decimal(0.1, "tarif")
    Decimal('0.1')
    >>> decimal("1,50", "harga")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ikmkit.errors.IkmkitError: 'harga' bukan angka: '1,50' (tulis tanpa titik ribuan ...)
    """
    if isinstance(value, bool) or value is None:
        raise error(f"'{name}' harus berupa angka: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, numbers.Integral):
        result = Decimal(int(value))
    elif isinstance(value, numbers.Real):
        result = Decimal(str(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace("_", ""))
        except InvalidOperation:
            raise error(f"'{name}' bukan angka: {value!r} ({_HOW})") from None
    else:
        raise error(f"'{name}' harus berupa angka: {value!r}")
    if not result.is_finite():
        raise error(f"'{name}' harus berupa angka yang terhingga: {value}")
    return result


def non_negative(value: object, name: str, error: type[IkmkitError] = IkmkitError) -> Decimal:
    """:func:`decimal`, refusing a number below zero."""
    result = decimal(value, name, error)
    if result < 0:
        raise error(f"'{name}' tidak boleh negatif: {value}")
    return result


def positive(value: object, name: str, error: type[IkmkitError] = IkmkitError) -> Decimal:
    """:func:`decimal`, refusing zero and below."""
    result = decimal(value, name, error)
    if result <= 0:
        raise error(f"'{name}' harus lebih besar dari 0: {value}")
    return result
