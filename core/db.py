"""A client-side deadline on every PostgreSQL round trip, for the web processes.

``statement_timeout`` is enforced by the server: a server that accepts connections and never
answers (hung, stopped, its disk frozen) enforces nothing, and libpq waits on the socket for
ever, holding the web worker. psycopg2 lets the process supply the wait instead
(``set_wait_callback``): this one polls the socket until the deadline and then raises
OperationalError, which the web layer answers with 503 (core.middleware). It covers the
connection handshake too. Off unless DB_QUERY_WAIT_SECONDS (or DB_STATEMENT_TIMEOUT_MS) is set;
Celery workers, whose imports may run long statements, leave it off.
"""

from __future__ import annotations

import os
import selectors
import socket
import time
from typing import Any

_deadline_seconds: float = 0.0


class DatabaseTimeout(Exception):
    """Raised by ``_poll_until`` when the deadline passes; turned into OperationalError."""


def _poll_until(conn: Any, deadline: float) -> None:
    """Drive an asynchronous psycopg2 connection until its operation is done or ``deadline``."""
    from psycopg2 import OperationalError, extensions

    with selectors.DefaultSelector() as selector:
        while True:
            state = conn.poll()
            if state == extensions.POLL_OK:
                return
            if state == extensions.POLL_READ:
                events = selectors.EVENT_READ
            elif state == extensions.POLL_WRITE:
                events = selectors.EVENT_WRITE
            else:  # pragma: no cover - psycopg2 documents no other state
                raise OperationalError(f"unexpected poll state {state}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DatabaseTimeout
            selector.register(conn.fileno(), events)
            try:
                selector.select(remaining)
            finally:
                selector.unregister(conn.fileno())


def _wait_with_deadline(conn: Any) -> None:
    from psycopg2 import OperationalError

    try:
        _poll_until(conn, time.monotonic() + _deadline_seconds)
    except DatabaseTimeout:
        # The connection is in the middle of a round trip and cannot be reused. conn.close()
        # would wait for that round trip (it takes the lock the query holds), so shut the
        # socket down under libpq instead: every later use fails at once, and Django drops
        # the connection and opens a fresh one for the next request.
        with socket.socket(fileno=os.dup(conn.fileno())) as sock:
            sock.shutdown(socket.SHUT_RDWR)
        raise OperationalError(f"the database did not answer within {_deadline_seconds:g} s") from None


def install_query_deadline(seconds: float) -> bool:
    """Make every psycopg2 round trip of this process give up after ``seconds`` (0 = off)."""
    global _deadline_seconds
    from psycopg2 import extensions

    _deadline_seconds = seconds
    extensions.set_wait_callback(_wait_with_deadline if seconds > 0 else None)
    return seconds > 0


def database_ping(*, seconds: float) -> None:
    """Connect afresh and run SELECT 1 within ``seconds``, or raise (for /readyz).

    On PostgreSQL a new asynchronous connection is polled against the deadline and always
    closed, so a hung server costs the probe ``seconds`` and leaves no thread or socket
    behind. Elsewhere (SQLite, a local file) the ordinary connection answers or fails at once.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return
    import psycopg2

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    deadline = time.monotonic() + seconds
    conn = psycopg2.connect(**params, async_=True)
    try:
        _poll_until(conn, deadline)
        cursor = conn.cursor()
        cursor.execute("SELECT 1")
        _poll_until(conn, deadline)
        cursor.fetchone()
    except DatabaseTimeout:
        raise TimeoutError(f"no answer within {seconds:g} s") from None
    finally:
        conn.close()
