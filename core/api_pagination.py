"""The staff and personal APIs' pages: newest entered first, followed by a keyset cursor."""

from __future__ import annotations

from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request


class NewestEntered(CursorPagination):
    ordering = ("-id",)
    page_size = 50
    page_size_query_param: str | None = "page_size"
    max_page_size = 200

    def decode_cursor(self, request: Request) -> Cursor | None:
        # DRF checks a cursor's offset but takes its position as it comes, and the position
        # ("p=abc") then fails the id comparison as a 500: it must be an id.
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not str(cursor.position).isdigit():
            raise NotFound(self.invalid_cursor_message)
        return cursor
