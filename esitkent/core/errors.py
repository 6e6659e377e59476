"""Input problems reported to people: each names where it is (sheet, row, field) in Turkish,
and, where the message is a Reason, in the reader's language too."""

from __future__ import annotations

from dataclasses import dataclass

from .reasons import Reason


def in_language(message, language: str) -> str:
    """A message (plain text or a Reason) in this language; plain text stays as written."""
    if not isinstance(message, Reason):
        return str(message)
    from django.utils import translation

    with translation.override(language):
        return translation.gettext(message.template).format(**message.params)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str | Reason
    code: str = "invalid"  # stable, for programs (the API's error code)

    def __post_init__(self):
        if isinstance(self.message, Reason) and self.code == "invalid":
            object.__setattr__(self, "code", self.message.code)

    def __str__(self) -> str:
        from django.utils.translation import get_language

        text = in_language(self.message, get_language() or "tr")
        return f"{self.where}: {text}" if self.where else text


class InputRejected(Exception):
    """Raised with every problem found, so a file is refused whole and nothing is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
