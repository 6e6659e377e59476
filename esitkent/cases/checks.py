"""Input checks the case services share. Each appends a Problem naming the field in Turkish,
so that a service can report every problem of a form at once (InputRejected)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from esitkent.core.errors import Problem

from . import domain


def check_choice(problems, where: str, value: str, catalogue: Mapping[str, str]) -> None:
    if value not in catalogue:
        problems.append(Problem(where, f"geçersiz seçim: {value!r}"))


def check_many(problems, where: str, values: Iterable[str], catalogue, *, required=False):
    values = list(values)
    if required and not values:
        problems.append(Problem(where, "en az birini seçin"))
    for value in values:
        if value not in catalogue:
            problems.append(Problem(where, f"geçersiz seçim: {value!r}"))


def not_future(problems, where: str, day: dt.date | None, today: dt.date) -> None:
    if day is not None and day > today:
        problems.append(Problem(where, "ileri bir tarih olamaz"))


def checked_national_id(problems, identity: Mapping[str, str]) -> str:
    """The number as digits only; a number given but not valid is a problem."""
    number = domain.national_id_normalised(identity.get("national_id", ""))
    if identity.get("national_id") and not domain.national_id_valid(number):
        problems.append(Problem("T.C. kimlik no", "11 haneli geçerli bir numara olmalı"))
    return number
