#!/usr/bin/env bash
# How long Redis spends running the cache hit's scripts (INFO commandstats usec_per_call) next to the round-trip
# floor's one-line script and a plain GET, each driven by redis-benchmark (200,000 calls, 8 clients, three rounds).
# The scripts are copies of EntryScripts.GET_WITH_KEYS and RedisViewCountScripts.COUNT_ALL_IF_SHOWN (keep them in
# step); count-hincr-first is a variant with one command less (HINCRBY first, HDEL when the count was not shown).
# Usage: bash src/test/bench-tools/redis-script-cost.sh [port]  (needs redis-server, redis-cli, redis-benchmark)
set -euo pipefail
P=${1:-6391}
redis-server --port $P --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
trap 'redis-cli -p $P SHUTDOWN NOSAVE >/dev/null 2>&1 || true' EXIT
sleep 0.5
r() { redis-cli -p $P "$@"; }
VALUE=$(head -c 150 /dev/zero | tr '\0' 'x')
r HSET cache:v1:products k "$VALUE" >/dev/null
r ZADD timeouts 99999999999999 k >/dev/null
r SET t1 "1733400000000:1" >/dev/null; r SET t2 "1733400000000:2" >/dev/null
r HSET '{views}:total' 7 100 >/dev/null
FLOOR=$(r SCRIPT LOAD "return redis.call('HGET', KEYS[1], ARGV[1])")
READ=$(r SCRIPT LOAD "local value = redis.call('hget', KEYS[1], ARGV[2]) if value == false then return {false} end local expires = redis.call('zscore', KEYS[2], ARGV[2]) if expires ~= false and tonumber(expires) <= tonumber(ARGV[1]) then return {false} end local result = {value} if #KEYS > 2 then local others = redis.call('mget', unpack(KEYS, 3)) for i = 1, #others do result[i + 1] = others[i] end end return result")
COUNT=$(r SCRIPT LOAD "local counts = {} for i, id in ipairs(ARGV) do if redis.call('HEXISTS', KEYS[2], id) == 1 then redis.call('HINCRBY', KEYS[1], id, 1) counts[i] = redis.call('HINCRBY', KEYS[2], id, 1) else counts[i] = -1 end end return counts")
COUNT2=$(r SCRIPT LOAD "local counts = {} for i, id in ipairs(ARGV) do local t = redis.call('HINCRBY', KEYS[2], id, 1) if t > 1 then redis.call('HINCRBY', KEYS[1], id, 1) counts[i] = t else redis.call('HDEL', KEYS[2], id) counts[i] = -1 end end return counts")
measure() {
  local name=$1; shift
  for round in 1 2 3; do
    r CONFIG RESETSTAT >/dev/null
    redis-benchmark -p $P -n 200000 -c 8 -q "$@" | tr '\r' '\n' | tail -1 | sed "s/^/$name: /"
    r INFO commandstats | grep -E "cmdstat_(evalsha|get|hget)" | tr -d '\r' | sed "s/^/    /"
  done
}
measure floor EVALSHA "$FLOOR" 1 cache:v1:products k
measure read EVALSHA "$READ" 4 cache:v1:products timeouts t1 t2 1733400000000 k
measure count EVALSHA "$COUNT" 2 '{views}:pending' '{views}:total' 7
measure count-hincr-first EVALSHA "$COUNT2" 2 '{views}:pending' '{views}:total' 7
measure get GET t1
