#!/usr/bin/env bash
# Deploys the unchanged WAR on Open Liberty, taken from Maven Central, and runs the seed flows against it
# (SeedFlowsOnServerTest). Uses REDIS_URL and DB_URL when set, else a private redis-server and the embedded H2.
# Usage: bash src/test/liberty/run-on-liberty.sh   (MAVEN_ARGS=-o for offline; LIBERTY_VERSION to pick another)
set -euo pipefail
cd "$(dirname "$0")/../../.."

LIBERTY_VERSION="${LIBERTY_VERSION:-26.0.0.3}"
WORK=target/liberty
SERVER_DIR="$WORK/wlp/usr/servers/granular"
MVN=(mvn -B -q ${MAVEN_ARGS:-})

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

redis_pids=()
redis_dir=""
cleanup() {
  [ -x "$WORK/wlp/bin/server" ] && "$WORK/wlp/bin/server" stop granular >/dev/null 2>&1 || true
  for pid in "${redis_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$redis_dir" ] && rm -rf "$redis_dir"
  return 0
}
trap cleanup EXIT

[ -f target/granular-cache.war ] || "${MVN[@]}" -DskipTests package

if [ ! -x "$WORK/wlp/bin/server" ]; then
  echo "Fetching Open Liberty $LIBERTY_VERSION from Maven Central"
  "${MVN[@]}" dependency:copy -Dartifact="io.openliberty:openliberty-runtime:$LIBERTY_VERSION:zip" -DoutputDirectory="$WORK"
  unzip -q -o "$WORK/openliberty-runtime-$LIBERTY_VERSION.zip" -d "$WORK"
fi
[ -d "$SERVER_DIR" ] || "$WORK/wlp/bin/server" create granular >/dev/null
cp server-config/liberty/server.xml "$SERVER_DIR/server.xml"
rm -rf "$SERVER_DIR/lib" "$SERVER_DIR/logs" && mkdir -p "$SERVER_DIR/lib"
# What Liberty must provide (server-config/liberty/server.xml says why): the JSR-107 API, the JDBC drivers and the
# data source class, at the versions the pom names.
"${MVN[@]}" dependency:copy-dependencies -DincludeArtifactIds=cache-api,h2,postgresql -DoutputDirectory="$SERVER_DIR/lib"
(cd target/classes && jar cf "../../$SERVER_DIR/lib/granular-datasource.jar" dev/granular/platform/ConfiguredDataSource*.class)

if [ -z "${REDIS_URL:-}" ] && [ "${REDIS_TOPOLOGY:-single}" = cluster ]; then
  redis_dir=$(mktemp -d)
  nodes=()
  urls=()
  for _ in 1 2 3; do
    port=$(free_port)
    mkdir -p "$redis_dir/$port"
    (cd "$redis_dir/$port" && exec redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
      --cluster-config-file nodes.conf --save "" --appendonly no >/dev/null) &
    redis_pids+=($!)
    nodes+=("127.0.0.1:$port")
    urls+=("redis://127.0.0.1:$port")
  done
  for node in "${nodes[@]}"; do
    until redis-cli -p "${node#*:}" ping >/dev/null 2>&1; do sleep 0.2; done
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-yes >/dev/null
  until redis-cli -p "${nodes[0]#*:}" cluster info | grep -q cluster_state:ok; do sleep 0.5; done
  export REDIS_MODE=cluster
  REDIS_URL=$(IFS=,; echo "${urls[*]}")
  export REDIS_URL
  echo "Redis Cluster of three masters: $REDIS_URL"
elif [ -z "${REDIS_URL:-}" ]; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
  redis_pids+=($!)
  export REDIS_URL="redis://127.0.0.1:$redis_port"
fi
http_port=$(free_port)
export HTTP_HOST=127.0.0.1 HTTP_PORT="$http_port" WAR="$PWD/target/granular-cache.war"
export ADMIN_USER=admin ADMIN_PASSWORD=test-only-admin-password # the seed test's fixture, as in arquillian.xml

started=$(date +%s%N)
"$WORK/wlp/bin/server" start granular >/dev/null
url="http://127.0.0.1:$http_port"
for _ in $(seq 1 180); do
  if curl -sf -o /dev/null "$url/health/ready"; then break; fi
  if grep -q "CWWKZ0002E\|CWWKZ0004E" "$SERVER_DIR/logs/messages.log" 2>/dev/null; then
    grep -E " E " "$SERVER_DIR/logs/messages.log" | head -20
    echo "The application did not start on Open Liberty" >&2
    exit 1
  fi
  sleep 1
done
curl -sf -o /dev/null "$url/health/ready" || { tail -50 "$SERVER_DIR/logs/messages.log"; echo "Not ready" >&2; exit 1; }
echo "Open Liberty $LIBERTY_VERSION: ready in $(( ($(date +%s%N) - started) / 1000000 )) ms at $url ($(grep -o 'Application granular-cache started in [0-9.]* seconds' "$SERVER_DIR/logs/messages.log"))"

"${MVN[@]}" test -Dtest=SeedFlowsOnServerTest -Dsurefire.failIfNoSpecifiedTests=false -Dapp.url="$url/"
echo "Seed flows passed on Open Liberty $LIBERTY_VERSION (Redis: ${REDIS_MODE:-single} $REDIS_URL)"
