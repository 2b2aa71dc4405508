#!/usr/bin/env bash
# Refresh-ahead across two instances (README, "Refresh ahead of expiry", "Measured across two instances"):
# two Payara Micro (8081, 8082) of target/granular-cache.war on one redis-server (6381, started here) and one
# PostgreSQL database (recreated), products TTL 5 s, 20 ms simulated reads, 200 products, Zipf reads (s = 1.0)
# split over both (one wrk -t1 -c4 each), 60 s of warm-up, then RUNS runs of 20 s printing both instances' counters
# of the products cache (hits, misses, loads, refreshes, lock waits...) and the background reads left to their
# callers because the background was behind (refusedWhileBehind) over each run, as "a+b", and each wrk's
# requests/s, p50, p95, p97, p98, p99, p99.9 and slowest request (wrk's, corrected for coordinated omission).
# Usage, after `mvn -B -DskipTests -DskipITs package`:
#   bash src/test/bench-tools/refresh-ahead-two-instances.sh 2s   # refresh-ahead window (0: off)
#   IN_BACKGROUND=false bash src/test/bench-tools/refresh-ahead-two-instances.sh 2s   # reloads on the caller
# Needs wrk, redis-server, psql; PG_HOST (127.0.0.1), PG_USER (postgres), PG_PASSWORD (empty), RUNS (3),
# IN_BACKGROUND (true: cache.products.refresh-ahead.in-background), and for other shapes of load: TTL (5s),
# LATENCY_MS (20: DEMO_DB_LATENCY_MS), PRODUCTS (200), WARMUP (60 s), THREADS (1: cache.background-reads.threads).
set -euo pipefail
cd "$(dirname "$0")/../../.."
window=${1:?refresh-ahead window, e.g. 2s or 0}
runs=${RUNS:-3}
in_background=${IN_BACKGROUND:-true}
ttl=${TTL:-5s} latency=${LATENCY_MS:-20} products=${PRODUCTS:-200} warmup=${WARMUP:-60} threads=${THREADS:-1}
pg_host=${PG_HOST:-127.0.0.1} pg_user=${PG_USER:-postgres}
export PGPASSWORD=${PG_PASSWORD:-}
admin=bench-$$

redis-cli -p 6381 ping >/dev/null 2>&1 || redis-server --port 6381 --save '' --appendonly no --daemonize yes >/dev/null
redis-cli -p 6381 flushall >/dev/null
psql -h "$pg_host" -U "$pg_user" -qc 'drop database if exists refresh_ahead' >/dev/null 2>&1
psql -h "$pg_host" -U "$pg_user" -qc 'create database refresh_ahead' >/dev/null

instance() {
  REDIS_URL=redis://127.0.0.1:6381 DB_URL="jdbc:postgresql://$pg_host:5432/refresh_ahead" DB_USER="$pg_user" \
    DB_PASSWORD="$PGPASSWORD" CACHE_PRODUCTS_TTL="$ttl" DEMO_DB_LATENCY_MS="$latency" \
    CACHE_PRODUCTS_REFRESH_AHEAD="$window" CACHE_PRODUCTS_REFRESH_AHEAD_IN_BACKGROUND="$in_background" \
    CACHE_BACKGROUND_READS_THREADS="$threads" ADMIN_PASSWORD="$admin" \
    exec java -Xmx1g -jar target/payara-micro.jar --deploy target/granular-cache.war \
    --contextroot / --port "$1" --nocluster --prebootcommandfile server-config/pre-boot-commands.asadmin \
    > "target/refresh-ahead-$1.log" 2>&1
}
stats() {
  curl -s -u "admin:$admin" "http://localhost:$1/api/cache/stats" \
    | python3 -c 'import json,sys; s=json.load(sys.stdin); p=s["instance"]["caches"]["products"]
p["refusedWhileBehind"]=s.get("backgroundReads",{}).get("refusedWhileBehind",0); print(json.dumps(p))'
}
zipf() {
  wrk --latency -t1 -c4 -d"$1"s -s src/test/resources/bench/zipf-mix.lua "http://localhost:$2" \
    -- /api/products/ "$first" "$products" 1.0 0 "$category"
}

instance 8081 & a=$!
sleep 25 # the first instance creates the tables
instance 8082 & b=$!
trap 'kill $a $b 2>/dev/null || true' EXIT
for port in 8081 8082; do
  for _ in $(seq 1 180); do curl -sf "http://localhost:$port/health/ready" >/dev/null && break; sleep 1; done
done

api=http://localhost:8081/api
location() { grep -i '^location' | sed 's|.*/||' | tr -d '\r'; }
category=$(curl -si -XPOST $api/categories -H 'Content-Type: application/json' -d '{"name":"Bench"}' | location)
first=
for i in $(seq 1 "$products"); do
  id=$(curl -si -XPOST $api/products -H 'Content-Type: application/json' -d \
    "{\"name\":\"Product $i\",\"description\":\"A product\",\"price\":\"19.99\",\"categoryId\":$category}" | location)
  first=${first:-$id}
done
echo "refresh-ahead=$window in-background=$in_background ttl=$ttl latency=${latency}ms threads=$threads:" \
  "$products products from id $first"

zipf "$warmup" 8081 >/dev/null & w=$!
zipf "$warmup" 8082 >/dev/null
wait $w
for run in $(seq 1 "$runs"); do
  s1=$(stats 8081); s2=$(stats 8082)
  zipf 20 8081 > target/refresh-ahead-wrk-a.txt & w=$!
  zipf 20 8082 > target/refresh-ahead-wrk-b.txt
  wait $w
  e1=$(stats 8081); e2=$(stats 8082)
  python3 - "$run" "$s1" "$e1" "$s2" "$e2" <<'PY'
import json, sys
run = sys.argv[1]
s1, e1, s2, e2 = (json.loads(x) for x in sys.argv[2:])
names = ("hits", "misses", "loads", "refreshes", "lockWaits", "lockWaitMillis", "lockTimeouts", "errors",
         "refusedWhileBehind")
delta = lambda s, e, k: e.get(k, 0) - s.get(k, 0)
print(f"run {run}:", " ".join(f"{k}={delta(s1, e1, k)}+{delta(s2, e2, k)}" for k in names))
PY
  grep -h "Requests/sec\| 50%\| 99%\|^latency" target/refresh-ahead-wrk-a.txt target/refresh-ahead-wrk-b.txt | tr -s ' ' | tr '\n' ' '
  echo
done
