"""A page of a list read from the store: some rows from an offset, and how many there are in all
(counted in SQL), so that a screen over the whole zone reads only what it shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: how many rows a paged list reads at a time (the first page, then one more per scroll)
PAGE_SIZE = 100


@dataclass
class Page(Generic[T]):
    """``rows`` start at ``offset`` of the ``total`` rows the query matches."""

    rows: list[T]
    total: int
    offset: int = 0

    @property
    def more(self) -> bool:
        return self.offset + len(self.rows) < self.total
