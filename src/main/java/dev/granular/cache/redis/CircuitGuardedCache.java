package dev.granular.cache.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.redisson.api.CacheAsync;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.jcache.JCache;

/**
 * A Redis cache whose every call goes through the {@link RedisCircuit}, so while Redis is away it fails at once.
 * Written out rather than a reflective proxy: it sits on every cache hit, and it keeps the asynchronous read of the
 * cache underneath ({@link #getAsync}).
 */
final class CircuitGuardedCache implements RedisEntries {

  /**
   * Reads an entry the way Redisson's JCache {@code get} does (the hash field, void once its expiry time in the
   * timeout set has passed), and the other keys with it. KEYS: hash, timeout set, others. ARGV: now (ms), field.
   * Returns {value or false, other values or false..., expiry time (ms) or false when the entry never expires}; just
   * {false} when the entry is absent or expired. The expiry comes along for refresh-ahead (13 bytes of reply).
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

  /**
   * KEYS: hash, timeout set. ARGV: field, value, field, value... Deletes each field (and its expiry time) whose value
   * is the given one; returns how many went.
   */
  private static final String REMOVE_UNCHANGED =
      """
      local removed = {}
      for i = 1, #ARGV, 2 do
        if redis.call('hget', KEYS[1], ARGV[i]) == ARGV[i + 1] then
          redis.call('hdel', KEYS[1], ARGV[i])
          redis.call('zrem', KEYS[2], ARGV[i])
          removed[#removed + 1] = ARGV[i]
        end
      end
      return removed
      """;

  private static final DirectConnections.Script GET_WITH_KEYS_SCRIPT = DirectConnections.Script.of(GET_WITH_KEYS);
  private static final DirectConnections.Script REMOVE_UNCHANGED_SCRIPT = DirectConnections.Script.of(REMOVE_UNCHANGED);

  /**
   * Reads entries as {@link #GET_WITH_KEYS} reads one, leaving their expiry times as they are. KEYS: hash, timeout
   * set. ARGV: now (ms), fields... Returns each field's value, or false when it is absent or expired.
   */
  private static final DirectConnections.Script PEEK_ALL_SCRIPT =
      DirectConnections.Script.of(
          """
          local values = {}
          for i = 2, #ARGV do
            local value = redis.call('hget', KEYS[1], ARGV[i])
            if value ~= false then
              local expires = redis.call('zscore', KEYS[2], ARGV[i])
              if expires ~= false and tonumber(expires) <= tonumber(ARGV[1]) then value = false end
            end
            values[i - 1] = value
          end
          return values
          """);

  /**
   * Stores an entry the way Redisson's JCache {@code put} does, without its event messages: used only while no entry
   * listener was registered on this cache (see {@link #registerCacheEntryListener}). An entry whose expiry time has
   * passed counts as absent. KEYS: hash, timeout set. ARGV: the expiry time of a new entry (epoch ms; -1 never, 0 not
   * stored), that of a replaced one (-1 keeps its own, 0 removes it), now (ms), field, value. Returns 1 when stored,
   * else 0. Unlike Redisson's, a new entry that never expires also loses the expiry time of an expired one it
   * replaces, which would otherwise void it at once.
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

  private static final DirectConnections.Script PUT_SCRIPT = DirectConnections.Script.of(PUT);

  private final Cache<String, String> cache;
  private final RedisCircuit circuit;
  private final RedissonClient client;
  private final DirectConnections direct;
  private final String hashName;
  private final String timeoutSetName; // Redisson's JCache keeps expiry times in this sorted set, in the hash's slot
  private final boolean scripted;
  private final ExpiryPolicy expiry; // the policy Redisson's put would ask; null when puts go through Redisson
  private volatile boolean listened; // an entry listener was registered: puts go through Redisson, which tells it

  /**
   * @param direct the connections to read hits over, or null to read them through Redisson
   */
  CircuitGuardedCache(
      Cache<String, String> cache, RedisCircuit circuit, RedissonClient client, DirectConnections direct, String hashName) {
    this.cache = cache;
    this.circuit = circuit;
    this.client = client;
    this.direct = direct;
    this.hashName = hashName;
    this.timeoutSetName = "jcache_timeout_set:{" + hashName + "}";
    // A script may only touch keys of one Cluster slot; tag versions live in slots of their own.
    this.scripted = client != null && !client.getConfig().isClusterConfig() && cache instanceof JCache<?, ?>;
    this.expiry = direct != null && scripted ? expiryPolicyOf(cache) : null;
  }

  @SuppressWarnings("unchecked")
  private static ExpiryPolicy expiryPolicyOf(Cache<String, String> cache) {
    CompleteConfiguration<String, String> configuration = cache.getConfiguration(CompleteConfiguration.class);
    return configuration.getExpiryPolicyFactory().create();
  }

  /** True when {@link #getWithKeys} reads an entry and other keys in one command. */
  @Override
  public boolean readsWithKeysAtOnce() {
    return scripted;
  }

  /**
   * The raw value of {@code field} followed by the values of {@code keys} (null for an absent one) and the entry's
   * expiry time in epoch milliseconds (null when it never expires, or is absent), read in one Lua script, one round
   * trip: a cache hit and its tag versions cost what a plain JCache {@code get} costs. Only when
   * {@link #readsWithKeysAtOnce}; the expiry check is the one Redisson's JCache makes (this cache never uses
   * access-based expiry on this path: see the caller).
   */
  @Override
  public List<String> getWithKeys(String field, List<String> keys) {
    String now = String.valueOf(System.currentTimeMillis());
    List<String> redisKeys = new ArrayList<>(keys.size() + 2);
    redisKeys.add(hashName);
    redisKeys.add(timeoutSetName);
    redisKeys.addAll(keys);
    List<?> reply = direct != null ? readDirectly(redisKeys, field, now) : readThroughRedisson(redisKeys, field, now);
    List<String> values = new ArrayList<>(keys.size() + 2);
    for (int i = 0; i <= keys.size() + 1; i++) {
      values.add(element(reply, i));
    }
    return values;
  }

  private List<?> readDirectly(List<String> redisKeys, String field, String now) {
    return (List<?>) call(() -> direct.read(GET_WITH_KEYS_SCRIPT, redisKeys, List.of(now, field)));
  }

  @SuppressWarnings("unchecked")
  private List<?> readThroughRedisson(List<String> redisKeys, String field, String now) {
    List<Object> keys = (List<Object>) (List<?>) redisKeys; // Redisson only reads the list
    return call(
        () ->
            client
                .getScript(StringCodec.INSTANCE)
                .<List<Object>>eval(
                    hashName, RScript.Mode.READ_ONLY, GET_WITH_KEYS, RScript.ReturnType.LIST, keys, now, field));
  }

  /**
   * Starts reading {@code key} without waiting, when the cache underneath can (Redisson's can); a call made while the
   * circuit is open fails at once. The caller counts a failed completion against the circuit.
   */
  @Override
  @SuppressWarnings("unchecked")
  public CompletionStage<String> getAsync(String key) {
    if (cache instanceof CacheAsync<?, ?> async) {
      return call(() -> ((CacheAsync<String, String>) async).getAsync(key));
    }
    return CompletableFuture.completedFuture(get(key));
  }

  /**
   * {@link #GET_WITH_KEYS} with no other keys: the entry and its expiry time, both in the hash's slot (Redisson names
   * the timeout set after the hash in braces), so on a Cluster too. Not through the direct connections: where they
   * serve, {@link #getWithKeys} reads the expiry along with the versions.
   */
  @Override
  public CompletionStage<List<String>> getWithExpiryAsync(String field) {
    if (client == null || !(cache instanceof JCache<?, ?>)) {
      return getAsync(field).thenApply(value -> Arrays.asList(value, null));
    }
    String now = String.valueOf(System.currentTimeMillis());
    List<Object> keys = List.of(hashName, timeoutSetName);
    CompletionStage<List<Object>> reply =
        call(
            () ->
                client
                    .getScript(StringCodec.INSTANCE)
                    .<List<Object>>evalAsync(
                        hashName, RScript.Mode.READ_ONLY, GET_WITH_KEYS, RScript.ReturnType.LIST, keys, now, field));
    return reply.thenApply(values -> Arrays.asList(element(values, 0), element(values, 1)));
  }

  // Element index of a script's reply as text; null where the script returned false (nil) or the list ended.
  private static String element(List<?> reply, int index) {
    Object value = reply != null && index < reply.size() ? reply.get(index) : null;
    return value == null ? null : value.toString();
  }

  // Fenced as a read: most answers here are cached data, dropped if they may come from a server not yet made safe.
  // A write whose answer is dropped so (put-if-absent, remove) fails open; the recovery then voids what it wrote.
  private <T> T call(Supplier<T> operation) {
    return circuit.read(operation);
  }

  private void run(Runnable operation) {
    circuit.run(operation);
  }

  @Override
  public String get(String key) {
    return call(() -> cache.get(key));
  }

  @Override
  public Map<String, String> getAll(Set<? extends String> keys) {
    return call(() -> cache.getAll(keys));
  }

  /**
   * On a single server over the direct connections, one script that reads the fields and their expiry times as
   * Redisson's JCache does, without touching them; otherwise the cache's {@code getAll}.
   */
  @Override
  public Map<String, String> peekAll(Set<String> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    if (direct == null || !scripted) {
      return getAll(keys);
    }
    List<String> fields = List.copyOf(keys);
    List<String> arguments = new ArrayList<>(fields.size() + 1);
    arguments.add(String.valueOf(System.currentTimeMillis()));
    arguments.addAll(fields);
    List<?> values = (List<?>) call(() -> direct.read(PEEK_ALL_SCRIPT, List.of(hashName, timeoutSetName), arguments));
    Map<String, String> found = new HashMap<>();
    for (int i = 0; i < fields.size() && i < values.size(); i++) {
      if (values.get(i) != null) {
        found.put(fields.get(i), values.get(i).toString());
      }
    }
    return found;
  }

  @Override
  public boolean containsKey(String key) {
    return call(() -> cache.containsKey(key));
  }

  @Override
  public void loadAll(Set<? extends String> keys, boolean replace, CompletionListener listener) {
    run(() -> cache.loadAll(keys, replace, listener));
  }

  /**
   * Stores an entry; on a single server over the direct connections, as Redisson's JCache would store it (same hash,
   * same expiry times, so its reads and expiry see it), in one script without Redisson's thread hand-offs: a write's
   * store and a miss's fill are on a request's path. The expiry times come from the cache's policy, asked on this
   * thread as Redisson asks it ({@link EntryExpiry#withTtl} applies).
   */
  @Override
  public void put(String key, String value) {
    if (expiry == null || listened) {
      run(() -> cache.put(key, value));
      return;
    }
    if (key == null || value == null) {
      throw new NullPointerException("a cache entry needs a key and a value");
    }
    long now = System.currentTimeMillis();
    List<String> arguments =
        List.of(
            String.valueOf(expiryTime(expiry.getExpiryForCreation(), now)),
            String.valueOf(expiryTime(expiry.getExpiryForUpdate(), now)),
            String.valueOf(now),
            key,
            value);
    // Storing the same value with the same expiry twice stores it once: safe to run again on a fresh connection.
    run(() -> direct.repeatable(PUT_SCRIPT, List.of(hashName, timeoutSetName), arguments));
  }

  /** The expiry time Redisson gives for {@code duration} from {@code now}: -1 for none (or no change), 0 for at once. */
  static long expiryTime(Duration duration, long now) {
    if (duration == null) {
      return -1;
    }
    if (duration.isZero()) {
      return 0;
    }
    long at = duration.getAdjustedTime(now);
    return at == Long.MAX_VALUE ? -1 : at;
  }

  @Override
  public String getAndPut(String key, String value) {
    return call(() -> cache.getAndPut(key, value));
  }

  @Override
  public void putAll(Map<? extends String, ? extends String> map) {
    run(() -> cache.putAll(map));
  }

  @Override
  public boolean putIfAbsent(String key, String value) {
    return call(() -> cache.putIfAbsent(key, value));
  }

  @Override
  public boolean remove(String key) {
    return call(() -> cache.remove(key));
  }

  @Override
  public boolean remove(String key, String oldValue) {
    return call(() -> cache.remove(key, oldValue));
  }

  @Override
  public String getAndRemove(String key) {
    return call(() -> cache.getAndRemove(key));
  }

  @Override
  public boolean replace(String key, String oldValue, String newValue) {
    return call(() -> cache.replace(key, oldValue, newValue));
  }

  @Override
  public boolean replace(String key, String value) {
    return call(() -> cache.replace(key, value));
  }

  @Override
  public String getAndReplace(String key, String value) {
    return call(() -> cache.getAndReplace(key, value));
  }

  @Override
  public void removeAll(Set<? extends String> keys) {
    run(() -> cache.removeAll(keys));
  }

  /**
   * One script for all of them on Redisson's JCache layout (the hash and its timeout set share a slot, so on a Cluster
   * too): each entry is deleted, with its expiry time, only while it holds the given value. This cache registers no
   * entry listeners (see {@link JsonCache}), so unlike Redisson's own removal it publishes nothing.
   */
  @Override
  public Set<String> removeUnchanged(Map<String, String> values) {
    if (values.isEmpty()) {
      return Set.of();
    }
    if (client == null || !(cache instanceof JCache<?, ?>)) {
      return call(
          () ->
              values.entrySet().stream()
                  .filter(e -> cache.remove(e.getKey(), e.getValue()))
                  .map(Map.Entry::getKey)
                  .collect(Collectors.toSet()));
    }
    List<String> arguments = new ArrayList<>(values.size() * 2);
    values.forEach(
        (field, value) -> {
          arguments.add(field);
          arguments.add(value);
        });
    List<?> removed = call(() -> removeUnchangedScript(arguments));
    return removed == null ? Set.of() : removed.stream().map(String::valueOf).collect(Collectors.toSet());
  }

  private List<?> removeUnchangedScript(List<String> arguments) {
    List<String> keys = List.of(hashName, timeoutSetName);
    if (direct != null && scripted) {
      // Removing what holds the given value twice removes it once: safe to run again on a fresh connection.
      return (List<?>) direct.repeatable(REMOVE_UNCHANGED_SCRIPT, keys, arguments);
    }
    return client
        .getScript(StringCodec.INSTANCE)
        .<List<?>>eval(
            hashName, RScript.Mode.READ_WRITE, REMOVE_UNCHANGED, RScript.ReturnType.LIST, List.copyOf(keys),
            arguments.toArray());
  }

  @Override
  public void removeAll() {
    run(cache::removeAll);
  }

  @Override
  public void clear() {
    run(cache::clear);
  }

  @Override
  public <C extends Configuration<String, String>> C getConfiguration(Class<C> type) {
    return cache.getConfiguration(type);
  }

  @Override
  public <T> T invoke(String key, EntryProcessor<String, String, T> processor, Object... arguments) {
    return call(() -> cache.invoke(key, processor, arguments));
  }

  @Override
  public <T> Map<String, EntryProcessorResult<T>> invokeAll(
      Set<? extends String> keys, EntryProcessor<String, String, T> processor, Object... arguments) {
    return call(() -> cache.invokeAll(keys, processor, arguments));
  }

  @Override
  public String getName() {
    return cache.getName();
  }

  @Override
  public CacheManager getCacheManager() {
    return cache.getCacheManager();
  }

  @Override
  public void close() {
    cache.close();
  }

  @Override
  public boolean isClosed() {
    return cache.isClosed();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    return cache.unwrap(type);
  }

  /** Registers a listener with Redisson's cache; from then on this cache's puts go through Redisson, which tells it. */
  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<String, String> configuration) {
    listened = true;
    run(() -> cache.registerCacheEntryListener(configuration));
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<String, String> configuration) {
    run(() -> cache.deregisterCacheEntryListener(configuration));
  }

  @Override
  public Iterator<Entry<String, String>> iterator() {
    return call(cache::iterator);
  }

  @Override
  public String toString() {
    return "CircuitGuardedCache[" + cache.getName() + "]";
  }
}
