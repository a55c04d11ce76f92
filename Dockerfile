# aggregator in a container: polls the feeds every AGGREGATOR_INTERVAL_MINUTES and writes
# the merged feed to the volume /data.
#
# Build and run (data/feeds.yaml is created from the bundled feeds.yaml on first start;
# edit output.url in it before you publish):
#   docker build -t aggregator .
#   mkdir -p data && docker run -d --name aggregator --user "$(id -u):$(id -g)" \
#       -v "$PWD/data:/data" aggregator
# --user lets the container write to a directory you own. Docker creates a missing bind-mount
# directory as root, so create it first. A named volume (-v aggregator-data:/data) needs
# neither step.
#
# Serve the published files instead of polling (serve must listen on 0.0.0.0 inside
# the container, or -p cannot reach it):
#   docker run -d -p 8080:8080 -v "$PWD/data:/data" aggregator \
#       aggregator serve --host 0.0.0.0 --port 8080

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Installed the way the README installs it: a venv, then `pip install .` of the source tree.
COPY pyproject.toml README.md /app/
COPY aggregator/ /app/aggregator/
RUN python3 -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir /app
# The default configuration, copied to /data/feeds.yaml when that file is missing.
COPY feeds.yaml /app/feeds.yaml
ENV PATH=/opt/venv/bin:$PATH

# A fixed non-root uid owns /data, so a new named volume is writable by it.
RUN useradd --system --no-log-init --uid 10001 --user-group --home-dir /data aggregator \
    && mkdir /data \
    && chown aggregator:aggregator /data
VOLUME /data
WORKDIR /data
USER aggregator

# The CLI reads AGGREGATOR_CONFIG. `store: store` in it is relative to the file, so the
# database and published feeds land in /data/store.
ENV AGGREGATOR_CONFIG=/data/feeds.yaml \
    AGGREGATOR_INTERVAL_MINUTES=15

# For `aggregator serve --host 0.0.0.0 --port 8080`, shown above.
EXPOSE 8080

# Only checks that the install still runs; polling problems show in `docker logs`.
HEALTHCHECK --interval=5m --timeout=10s --start-period=30s --retries=3 \
    CMD ["aggregator", "--version"]

# Run a cycle, sleep, repeat. `aggregator run` prints nothing on success, and exit statuses
# 3 (some feeds failed) and 75 (another run holds the lock) are routine. Any other status is
# logged and the loop goes on. Both children run in the background and are waited for, so
# that `docker stop` (SIGTERM to this shell, PID 1) is handled at once, not after the sleep.
CMD set -u; \
    case "$AGGREGATOR_INTERVAL_MINUTES" in \
        '' | *[!0-9]* | 0*) \
            echo "AGGREGATOR_INTERVAL_MINUTES must be a whole number of minutes >= 1 without leading zeros," \
                "not '$AGGREGATOR_INTERVAL_MINUTES'" >&2; \
            exit 2 ;; \
    esac; \
    if [ ! -e "$AGGREGATOR_CONFIG" ]; then \
        cp /app/feeds.yaml "$AGGREGATOR_CONFIG" || { \
            echo "cannot create $AGGREGATOR_CONFIG; make its directory writable" \
                "by uid $(id -u), e.g. run with --user \"\$(id -u):\$(id -g)\"" >&2; \
            exit 1; \
        }; \
    fi; \
    child=; \
    trap 'if [ -n "$child" ]; then kill "$child" 2>/dev/null; fi; exit 0' TERM INT; \
    while :; do \
        aggregator run & child=$!; \
        wait "$child"; status=$?; \
        case "$status" in \
            0 | 3 | 75) ;; \
            *) echo "aggregator run exited with status $status;" \
                   "next try in $AGGREGATOR_INTERVAL_MINUTES min" >&2 ;; \
        esac; \
        sleep $((AGGREGATOR_INTERVAL_MINUTES * 60)) & child=$!; \
        wait "$child"; \
    done
