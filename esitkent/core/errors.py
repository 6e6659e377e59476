"""Input problems reported to people: each names where it is (sheet, row, field) in Turkish,
and, where the message is a Reason, in the reader's language too."""

from __future__ import annotations

from dataclasses import dataclass

from .reasons import Reason


def in_language(message, language: str) -> str:
    """A message (plain text or a Reason) in this language; plain text stays as written."""
    from django.utils import translation

    with translation.override(language):
        return str(message)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str | Reason
    code: str = "invalid"  # stable, for programs (the API's error code)

    def __post_init__(self):
        if isinstance(self.message, Reason) and self.code == "invalid":
            object.__setattr__(self, "code", self.message.code)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else str(self.message)


class InputRejected(Exception):
    """Raised with every problem found, so a file is refused whole and nothing is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
