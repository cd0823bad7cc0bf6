# The portal's one image: gunicorn (web), the Celery worker and Celery beat all run it.
# docker-compose.yml declares the production stack around it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var

WORKDIR /app

RUN groupadd --system integrity \
    && useradd --system --gid integrity --home-dir /app --no-create-home --shell /usr/sbin/nologin integrity

# Dependencies first, so a code change does not reinstall them: pyproject.toml pins every version.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml','rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-deps .

# Message catalogues: compiled here only if the repository carries .po files without their .mo.
RUN if find . -path '*/locale/*.po' | grep -q . && ! find . -path '*/locale/*.mo' | grep -q .; then \
        apt-get update && apt-get install -y --no-install-recommends gettext \
        && python manage.py compilemessages \
        && apt-get purge -y gettext && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*; \
    fi

# Static files for whitenoise's manifest storage. Settings refuse to load without secrets when
# DEBUG is off, so this one build step gets throwaway values; the containers get the real ones.
RUN SECRET_KEY=collectstatic-only-not-a-real-secret ALLOW_DERIVED_KEYS=true \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/evidence /app/beat \
    && chown -R integrity:integrity /app/var /app/beat

USER integrity
EXPOSE 8000

# The config module keeps gunicorn's name and version out of the Server header.
CMD ["gunicorn", "integrity.wsgi:application", "--config=python:integrity.gunicorn_conf", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
