package dev.granular.cache.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import javax.cache.expiry.ExpiryPolicy;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * One entry of a {@link CircuitGuardedCache}'s Redis hash, read and stored by Lua scripts as
 * Redisson's JCache reads and stores it (the hash field, and its expiry time in the timeout set):
 * over the direct connections, or through Redisson. Every call goes through the {@link
 * RedisCircuit}, fenced as a read as the cache's own calls are.
 */
final class EntryScripts {

  /**
   * Reads an entry the way Redisson's JCache {@code get} does (the hash field, void once its expiry
   * time in the timeout set has passed), and the other keys with it. KEYS: hash, timeout set,
   * others. ARGV: now (ms), field. Returns {value or false, other values or false..., expiry time
   * (ms) or false when the entry never expires}; just {false} when the entry is absent or expired.
   * The expiry comes along for refresh-ahead (13 bytes of reply).
   */
  private static final String GET_WITH_KEYS =
      "local value = redis.call('hget', KEYS[1], ARGV[2]) "
          + "if value == false then return {false} end "
          + "local expires = redis.call('zscore', KEYS[2], ARGV[2]) "
          + "if expires ~= false and tonumber(expires) <= tonumber(ARGV[1]) then return {false} end "
          + "local result = {value} "
          + "if #KEYS > 2 then "
          + "  local others = redis.call('mget', unpack(KEYS, 3)) "
          + "  for i = 1, #others do result[i + 1] = others[i] end "
          + "end "
          + "result[#KEYS] = expires "
          + "return result";

  private static final LuaScript GET_WITH_KEYS_SCRIPT = LuaScript.of(GET_WITH_KEYS);

  /**
   * Stores an entry the way Redisson's JCache {@code put} does, without its event messages: used
   * only while no entry listener was registered on this cache (see {@link
   * CircuitGuardedCache#registerCacheEntryListener}). An entry whose expiry time has passed counts
   * as absent. KEYS: hash, timeout set. ARGV: the expiry time of a new entry (epoch ms; -1 never, 0
   * not stored), that of a replaced one (-1 keeps its own, 0 removes it), now (ms), field, value.
   * Returns 1 when stored, else 0. Unlike Redisson's, a new entry that never expires also loses the
   * expiry time of an expired one it replaces, which would otherwise void it at once.
   */
  private static final String PUT =
      """
      local expires = redis.call('zscore', KEYS[2], ARGV[4])
      local exists = redis.call('hexists', KEYS[1], ARGV[4]) == 1
      if expires and tonumber(expires) <= tonumber(ARGV[3]) then exists = false end
      local at = ARGV[1]
      if exists then at = ARGV[2] end
      if at == '0' then
        if exists then
          redis.call('hdel', KEYS[1], ARGV[4])
          redis.call('zrem', KEYS[2], ARGV[4])
        end
        return 0
      end
      redis.call('hset', KEYS[1], ARGV[4], ARGV[5])
      if at ~= '-1' then redis.call('zadd', KEYS[2], at, ARGV[4])
      elseif not exists then redis.call('zrem', KEYS[2], ARGV[4]) end
      return 1
      """;

  private static final LuaScript PUT_SCRIPT = LuaScript.of(PUT);

  private final RedisCircuit circuit;
  private final RedissonClient client;
  private final DirectConnections direct;
  private final String hashName;
  private final String timeoutSetName;

  /**
   * @param direct the connections to read hits over, or null to read them through Redisson
   */
  EntryScripts(
      RedisCircuit circuit,
      RedissonClient client,
      DirectConnections direct,
      String hashName,
      String timeoutSetName) {
    this.circuit = circuit;
    this.client = client;
    this.direct = direct;
    this.hashName = hashName;
    this.timeoutSetName = timeoutSetName;
  }

  /**
   * The raw value of {@code field} followed by the values of {@code keys} (null for an absent one)
   * and the entry's expiry time in epoch milliseconds (null when it never expires, or is absent),
   * read in one Lua script, one round trip: a cache hit and its tag versions cost what a plain
   * JCache {@code get} costs. Only when {@link CircuitGuardedCache#readsWithKeysAtOnce}; the expiry
   * check is the one Redisson's JCache makes (this cache never uses access-based expiry on this
   * path: see the caller).
   */
  List<String> getWithKeys(String field, List<String> keys) {
    String now = String.valueOf(System.currentTimeMillis());
    List<String> redisKeys = new ArrayList<>(keys.size() + 2);
    redisKeys.add(hashName);
    redisKeys.add(timeoutSetName);
    redisKeys.addAll(keys);
    List<?> reply =
        direct != null
            ? readDirectly(redisKeys, field, now)
            : readThroughRedisson(redisKeys, field, now);
    List<String> values = new ArrayList<>(keys.size() + 2);
    for (int i = 0; i <= keys.size() + 1; i++) {
      values.add(element(reply, i));
    }
    return values;
  }

  private List<?> readDirectly(List<String> redisKeys, String field, String now) {
    return (List<?>)
        circuit.read(() -> direct.read(GET_WITH_KEYS_SCRIPT, redisKeys, List.of(now, field)));
  }

  @SuppressWarnings("unchecked")
  private List<?> readThroughRedisson(List<String> redisKeys, String field, String now) {
    List<Object> keys = (List<Object>) (List<?>) redisKeys; // Redisson only reads the list
    return circuit.read(
        () ->
            client
                .getScript(StringCodec.INSTANCE)
                .<List<Object>>eval(
                    hashName,
                    RScript.Mode.READ_ONLY,
                    GET_WITH_KEYS,
                    RScript.ReturnType.LIST,
                    keys,
                    now,
                    field));
  }

  /**
   * {@link #GET_WITH_KEYS} with no other keys: the entry and its expiry time, both in the hash's
   * slot (Redisson names the timeout set after the hash in braces), so on a Cluster too. Not
   * through the direct connections: where they serve, {@link #getWithKeys} reads the expiry along
   * with the versions. Only on Redisson's JCache.
   */
  CompletionStage<List<String>> getWithExpiryAsync(String field) {
    String now = String.valueOf(System.currentTimeMillis());
    List<Object> keys = List.of(hashName, timeoutSetName);
    CompletionStage<List<Object>> reply =
        circuit.read(
            () ->
                client
                    .getScript(StringCodec.INSTANCE)
                    .<List<Object>>evalAsync(
                        hashName,
                        RScript.Mode.READ_ONLY,
                        GET_WITH_KEYS,
                        RScript.ReturnType.LIST,
                        keys,
                        now,
                        field));
    return reply.thenApply(values -> Arrays.asList(element(values, 0), element(values, 1)));
  }

  // Element index of a script's reply as text; null where the script returned false (nil) or the
  // list ended.
  private static String element(List<?> reply, int index) {
    Object value = reply != null && index < reply.size() ? reply.get(index) : null;
    return value == null ? null : value.toString();
  }

  /**
   * Stores an entry with {@link #PUT} over the direct connections, with the expiry times {@code
   * expiry} gives, asked on this thread (see {@link CircuitGuardedCache#put}).
   */
  void put(ExpiryPolicy expiry, String key, String value) {
    if (key == null || value == null) {
      throw new NullPointerException("a cache entry needs a key and a value");
    }
    long now = System.currentTimeMillis();
    List<String> arguments =
        List.of(
            String.valueOf(EntryLifetimes.expiryTime(expiry.getExpiryForCreation(), now)),
            String.valueOf(EntryLifetimes.expiryTime(expiry.getExpiryForUpdate(), now)),
            String.valueOf(now),
            key,
            value);
    // Storing the same value with the same expiry twice stores it once: safe to run again on a
    // fresh connection.
    circuit.run(() -> direct.repeatable(PUT_SCRIPT, List.of(hashName, timeoutSetName), arguments));
  }
}
