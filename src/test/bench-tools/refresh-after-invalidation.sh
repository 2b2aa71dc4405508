#!/usr/bin/env bash
# Refresh after invalidation (README, "Refresh after invalidation"): one Payara Micro of target/granular-cache.war
# (port 8083, H2 in memory, its own redis-server on 6382), 20 ms simulated reads, 100 categories of 5 products.
# Readers: wrk -t1 -c4 on GET /api/categories/<id>/products, ids Zipf-distributed (s = 1.0). A writer: a PUT of a
# random product every 100 ms (each voids its category's entry, listing and page). After 30 s of warm-up, RUNS runs
# of 20 s print the readers' throughput and latency, the database reads, and the counters of the categories and
# category-products caches over the run.
# Usage, after `mvn -B -DskipTests -DskipITs package`:
#   bash src/test/bench-tools/refresh-after-invalidation.sh 1000   # hot keys per cache (0: off)
# Needs wrk, redis-server, curl, python3; RUNS (3).
set -euo pipefail
cd "$(dirname "$0")/../../.."
keys=${1:?hot keys per cache, e.g. 1000 or 0}
runs=${RUNS:-3}
admin=bench-$$ port=8083

redis-cli -p 6382 ping >/dev/null 2>&1 || redis-server --port 6382 --save '' --appendonly no --daemonize yes >/dev/null
redis-cli -p 6382 flushall >/dev/null
REDIS_URL=redis://127.0.0.1:6382 DEMO_DB_LATENCY_MS=20 ADMIN_PASSWORD="$admin" \
  CACHE_CATEGORIES_REFRESH_AFTER_INVALIDATION="$keys" CACHE_CATEGORY_PRODUCTS_REFRESH_AFTER_INVALIDATION="$keys" \
  java -Xmx1g -jar target/payara-micro.jar --deploy target/granular-cache.war --contextroot / --port $port \
  --nocluster --prebootcommandfile server-config/pre-boot-commands.asadmin > target/refresh-after-invalidation.log 2>&1 &
app=$!
writer=
trap 'kill $app $writer 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do curl -sf "http://localhost:$port/health/ready" >/dev/null && break; sleep 1; done

api=http://localhost:$port/api
location() { grep -i '^location' | sed 's|.*/||' | tr -d '\r'; }
categories=() products=() owners=()
for c in $(seq 1 100); do
  category=$(curl -si -XPOST $api/categories -H 'Content-Type: application/json' -d "{\"name\":\"Shelf $c\"}" | location)
  categories+=("$category")
  for p in $(seq 1 5); do
    products+=("$(curl -si -XPOST $api/products -H 'Content-Type: application/json' -d \
      "{\"name\":\"Item $c-$p\",\"price\":\"9.99\",\"categoryId\":$category}" | location)")
    owners+=("$category")
  done
done
echo "refresh-after-invalidation=$keys: categories ${categories[0]}..${categories[99]}, products ${products[0]}.."

write_forever() {
  while true; do
    i=$((RANDOM % 500))
    curl -s -o /dev/null -XPUT "$api/products/${products[$i]}" -H 'Content-Type: application/json' \
      -d "{\"name\":\"Item $i\",\"price\":\"$((RANDOM % 90 + 10)).00\",\"categoryId\":${owners[$i]}}"
    sleep 0.1
  done
}
stats() {
  { curl -s -u "admin:$admin" "$api/cache/stats"; echo; curl -s "$api/demo/database"; }
}
pages() {
  wrk --latency -t1 -c4 -d"$1"s -s src/test/resources/bench/zipf-mix.lua "http://localhost:$port" \
    -- /api/categories/ "${categories[0]}" 100 1.0 0 0 /products
}

write_forever & writer=$!
pages 30 >/dev/null
for run in $(seq 1 "$runs"); do
  before=$(stats)
  pages 20 > target/refresh-after-invalidation-wrk.txt
  after=$(stats)
  python3 - "$run" "$before" "$after" <<'PY'
import json, sys
run = sys.argv[1]
def parse(text):
    stats, database = text.strip().split("\n")
    return json.loads(stats)["instance"]["caches"], json.loads(database)["reads"]
(c0, r0), (c1, r1) = parse(sys.argv[2]), parse(sys.argv[3])
names = ("hits", "misses", "loads", "refreshes", "lockWaits", "lockWaitMillis")
out = [f"run {run}: database reads {r1 - r0}"]
for cache in ("categories", "category-products"):
    a, b = c0.get(cache, {}), c1.get(cache, {})
    out.append(cache + " " + " ".join(f"{k}={b.get(k, 0) - a.get(k, 0)}" for k in names))
print("; ".join(out))
PY
  grep -h "Requests/sec\| 50%\| 99%\|^status" target/refresh-after-invalidation-wrk.txt | tr -s ' ' | tr '\n' ' '
  echo
done
