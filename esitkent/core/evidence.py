"""Evidence files (monitoring submissions, centre assessments): what may be uploaded, checked
by content rather than by name, and how it is named when stored."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile

from .errors import InputRejected, Problem

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_kind(content: bytes) -> str | None:
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


@dataclass(frozen=True)
class CheckedFile:
    file: ContentFile
    original_name: str
    content_type: str
    size: int
    sha256: str

    def fields(self) -> dict:
        """The columns of an evidence row (see core.models.EvidenceFile)."""
        return {
            "file": self.file,
            "original_name": self.original_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def file_suffix(content_type: str) -> str:
    """The file name ending for an accepted kind: pdf, jpg, png."""
    return content_type.split("/")[1].replace("jpeg", "jpg")


def checked_evidence(name: str, content: bytes) -> CheckedFile:
    """PDF, JPEG or PNG up to 10 MB, or refused naming the file. Stored under its digest, so
    a person's file name never becomes a path."""
    if len(content) > EVIDENCE_MAX_BYTES:
        raise InputRejected([Problem(name, "dosya 10 MB'tan büyük olamaz")])
    kind = evidence_kind(content)
    if kind is None:
        raise InputRejected([Problem(name, "yalnız PDF, JPEG ya da PNG yüklenebilir")])
    digest = hashlib.sha256(content).hexdigest()
    return CheckedFile(
        file=ContentFile(content, name=f"{digest[:16]}.{file_suffix(kind)}"),
        original_name=name[:200],
        content_type=kind,
        size=len(content),
        sha256=digest,
    )
