#!/bin/sh
# Container health check for the app: exits 0 when GET /health/ready answers 200.
#
# Which HTTP client the payara/micro base image ships is not part of its contract, so this
# uses curl or wget when present and falls back to bash's /dev/tcp (no extra JVM started).
# Usage: sh healthcheck.sh [URL]   (default http://127.0.0.1:8080/health/ready)
# Exit status: 0 healthy, 1 unhealthy (what Docker expects).

url="${1:-http://127.0.0.1:8080/health/ready}"

if command -v curl >/dev/null 2>&1; then
  curl -fsS -o /dev/null --max-time 5 "$url" || exit 1
elif command -v wget >/dev/null 2>&1; then
  wget -q -O /dev/null -T 5 "$url" || exit 1
elif command -v bash >/dev/null 2>&1; then
  # shellcheck disable=SC2016 # expanded by bash, not here
  exec bash -c '
    rest=${1#http://}
    hostport=${rest%%/*}
    path=/${rest#"$hostport"}
    path=/${path#/}
    host=${hostport%%:*}
    port=${hostport##*:}
    [ "$port" = "$hostport" ] && port=80
    exec 3<>"/dev/tcp/$host/$port" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n" "$path" "$hostport" >&3
    IFS=" " read -r -t 5 _ status _ <&3 || exit 1
    [ "$status" = 200 ] || { echo "healthcheck: HTTP $status from $1" >&2; exit 1; }
  ' healthcheck "$url"
else
  echo "healthcheck: the image has neither curl, wget nor bash" >&2
  exit 1
fi
