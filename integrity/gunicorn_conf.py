"""gunicorn settings of the web service (Dockerfile, docker-compose.yml: --config=python:integrity.gunicorn_conf).

gunicorn writes ``Server: gunicorn`` on every response and has no option to turn it off; the
header would tell an attacker which server (and which of its known flaws) to try. The value
is read from ``gunicorn.http.wsgi.SERVER`` when each response is built, so setting it here,
while gunicorn loads its configuration and before any request, replaces it everywhere.
Django's ``runserver`` names itself too (``WSGIServer/0.2 CPython/…``): it is for development
only and never faces the public.
"""

from __future__ import annotations

import gunicorn
import gunicorn.http.wsgi

SERVER_HEADER = "web"

gunicorn.SERVER = gunicorn.SERVER_SOFTWARE = SERVER_HEADER
gunicorn.http.wsgi.SERVER = gunicorn.http.wsgi.SERVER_SOFTWARE = SERVER_HEADER  # type: ignore[attr-defined]
