# Better Off in a container, for a partnership's IT team (see README "Deploying").
#   docker build -t betteroff .
#   docker run --rm betteroff demo --out /tmp/demo        # the whole loop, offline
#   docker compose up -d                                   # the bot with PostgreSQL
# The image holds no settings and no secret: they come from the environment (.env).

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY analytics analytics
COPY bot bot
COPY storage storage
COPY surveys surveys
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
# An unprivileged user; its home is the working folder (an SQLite file, reports, .env).
RUN useradd --create-home --uid 10001 betteroff
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER betteroff
WORKDIR /home/betteroff
ENV PYTHONUNBUFFERED=1 \
    BETTEROFF_WEBHOOK_LISTEN=0.0.0.0 \
    BETTEROFF_WEBHOOK_PORT=8443
EXPOSE 8443
ENTRYPOINT ["betteroff"]
CMD ["run"]
