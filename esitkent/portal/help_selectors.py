"""The phone lines the public help page lists: counselling centres, grouped by district.

Shelters are never read here (their district and contact are confidential), and no address of
any centre is loaded: the query names the only columns the page shows. Nothing made up for the
demo is listed either: a woman in danger must not be sent to a centre that does not exist or
dial a number nobody answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from esitkent.centres.selectors import COUNSELLING_KINDS, help_line_rows

_NOT_DIALLED = re.compile(r"[^0-9]")
# The demo writes this into every number it invents; a manager who saves the profile form
# unchanged clears the profile's sample flag but keeps the invented number.
_SAMPLE_MARK = "örnek"


@dataclass(frozen=True)
class HelpLine:
    name: str
    phone: str  # as the centre wrote it; "" where there is none to publish
    tel: str  # the digits for a tel: link; "" where the phone has too few to dial


@dataclass
class DistrictLines:
    district: str  # "" for centres that serve the province or whose district is not given
    lines: list[HelpLine] = field(default_factory=list)


def tel_href(phone: str) -> str:
    """ "0 (232) 293 46 46" → "02322934646"; a leading + is kept for international numbers."""
    digits = _NOT_DIALLED.sub("", phone)
    if len(digits) < 3:
        return ""
    return ("+" if phone.strip().startswith("+") else "") + digits


def help_lines() -> list[DistrictLines]:
    """Districts in Turkish alphabetical order, centres without a district last.

    A phone from a sample profile, or one still marked as sample, is never published: such a
    centre counts as having no phone. Centres invented for the demo are left out."""
    groups: dict[str, DistrictLines] = {}
    for name, district, kind, phone, sample in help_line_rows():
        phone = "" if sample or _SAMPLE_MARK in phone.casefold() else phone.strip()
        if not phone and kind not in COUNSELLING_KINDS:
            continue
        group = groups.setdefault(district or "", DistrictLines(district or ""))
        group.lines.append(HelpLine(name=name, phone=phone, tel=tel_href(phone)))
    return list(groups.values())
