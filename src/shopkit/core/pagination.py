"""Paging helpers shared by lists, search and orders."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageWindow:
    number: int
    num_pages: int
    numbers: list[int]


def clamp_page(raw: object, num_pages: int) -> int:
    """A valid 1-based page from untrusted input; anything unusable is page 1."""
    try:
        page = int(str(raw))
    except (TypeError, ValueError):
        return 1
    return page if 1 <= page <= max(num_pages, 1) else 1


def page_window(number: int, num_pages: int, width: int = 5) -> PageWindow:
    """At most ``width`` page numbers around ``number``, clipped to 1..num_pages."""
    num_pages = max(num_pages, 1)
    start = max(1, min(number - width // 2, num_pages - width + 1))
    end = min(num_pages, start + width - 1)
    return PageWindow(number, num_pages, list(range(start, end + 1)))
