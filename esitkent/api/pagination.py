from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 10**9  # beyond any table here, and within every database's integer range


class Page(LimitOffsetPagination):
    """limit/offset pages of at most 1,000 items, with the total count."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="En çok kaç kayıt (1–1000)")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Kaç kayıt atlanacak")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
