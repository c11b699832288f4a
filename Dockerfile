# okrbot: a slim, non-root image that serves the bot (README, "Deploy"). Configure it with
# environment variables (README, "Configuration"); point OKRBOT_DATABASE_URL at PostgreSQL
# for several replicas, or mount /data for SQLite.

# Build: the pinned dependencies from the lock file, then okrbot itself, compiled to bytecode.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/okrbot
COPY requirements.lock /tmp/requirements.lock
RUN /opt/okrbot/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot bot
COPY adapters adapters
COPY storage storage
COPY jobs jobs
COPY okrbot okrbot
RUN /opt/okrbot/bin/pip install --no-deps . \
    && /opt/okrbot/bin/python -m compileall -q -j 0 /opt/okrbot

# Run: the virtual environment alone, under tini (PID 1 forwards SIGTERM, so a stop drains:
# the bot stops claiming, finishes its sends, releases the rest, exits 0).
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PATH=/opt/okrbot/bin:$PATH \
    OKRBOT_DATABASE_URL=sqlite:////data/okrbot.db OKRBOT_LOG_FORMAT=json
# tini as init; a font with Chinese glyphs for the digest charts of teams working in Chinese.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 okrbot && mkdir /data && chown okrbot /data
COPY --from=build /opt/okrbot /opt/okrbot
USER 10001
WORKDIR /home/okrbot
VOLUME ["/data"]
EXPOSE 8000
# Healthy while the database answers and the scheduler ticks (GET /healthz, also with --socket).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["tini", "--", "okrbot"]
CMD ["serve", "--platform", "slack", "--port", "8000"]
