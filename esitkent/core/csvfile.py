"""Reading a small CSV file with a named header: each row with its line, every problem named by
line, the whole file refused at the first malformed line. For files of our own shape (context
figures); the DHIS2 value files have their own reader (monitoring/exchange.py)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from .errors import InputRejected, Problem


def csv_rows(
    stream: Iterable[str], *, required: set[str], known: list[str]
) -> Iterator[tuple[int, dict]]:
    """(line number, row) from a text stream; header names matched case-insensitively, any order."""
    reader = csv.reader(stream)
    try:
        head = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputRejected([Problem("dosya", "boş dosya")]) from None
    except csv.Error as exc:
        raise InputRejected([Problem("satır 1", f"CSV okunamadı ({exc})")]) from None
    missing = required - set(head)
    if missing:
        raise InputRejected([Problem("satır 1", f"eksik sütun: {', '.join(sorted(missing))}")])
    unknown = [h for h in head if h not in known]
    if unknown:
        raise InputRejected([Problem("satır 1", f"bilinmeyen sütun: {', '.join(unknown)}")])
    width = len(head)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputRejected(
                [Problem(f"satır {reader.line_num}", f"CSV okunamadı ({exc})")]
            ) from None
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != width:
            raise InputRejected(
                [
                    Problem(
                        f"satır {reader.line_num}",
                        f"{width} sütun beklenirken {len(row)} sütun var",
                    )
                ]
            )
        yield reader.line_num, dict(zip(head, row, strict=True))
