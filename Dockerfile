# okrbot: a slim, non-root image that serves the bot. Configure it with environment variables
# (see README, "Configuration"); mount or point OKRBOT_DATABASE_URL at persistent storage.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    OKRBOT_DATABASE_URL=sqlite:////data/okrbot.db

# A font with Chinese glyphs, for the digest charts of teams working in Chinese.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 10001 okrbot && mkdir /data && chown okrbot /data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot bot
COPY adapters adapters
COPY storage storage
COPY jobs jobs
COPY okrbot okrbot
RUN pip install --no-compile . && rm -rf /root/.cache

USER okrbot
VOLUME ["/data"]
EXPOSE 8000
CMD ["okrbot", "serve", "--platform", "slack", "--port", "8000"]
