package dev.granular.cache.redis;

import java.util.Arrays;
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
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;
import org.redisson.api.CacheAsync;
import org.redisson.api.RedissonClient;
import org.redisson.jcache.JCache;

/**
 * A Redis cache whose every call goes through the {@link RedisCircuit}, so while Redis is away it
 * fails at once. Written out rather than a reflective proxy: it sits on every cache hit, and it
 * keeps the asynchronous read of the cache underneath ({@link #getAsync}).
 */
final class CircuitGuardedCache implements RedisEntries {

  private final Cache<String, String> cache;
  private final RedisCircuit circuit;
  private final RedissonClient client;
  private final DirectConnections direct;
  private final EntryScripts entry; // the scripts of one entry: its read with other keys, its store
  private final BulkEntryScripts bulk;
  private final boolean scripted;
  private final ExpiryPolicy
      expiry; // the policy Redisson's put would ask; null when puts go through Redisson
  private volatile boolean
      listened; // an entry listener was registered: puts go through Redisson, which tells it

  /**
   * @param direct the connections to read hits over, or null to read them through Redisson
   */
  CircuitGuardedCache(
      Cache<String, String> cache,
      RedisCircuit circuit,
      RedissonClient client,
      DirectConnections direct,
      String hashName) {
    this.cache = cache;
    this.circuit = circuit;
    this.client = client;
    this.direct = direct;
    // Redisson's JCache keeps expiry times in this sorted set, in the hash's slot.
    String timeoutSetName = "jcache_timeout_set:{" + hashName + "}";
    // A script may only touch keys of one Cluster slot; tag versions live in slots of their own.
    this.scripted =
        client != null && !client.getConfig().isClusterConfig() && cache instanceof JCache<?, ?>;
    this.expiry = direct != null && scripted ? expiryPolicyOf(cache) : null;
    this.entry = new EntryScripts(circuit, client, direct, hashName, timeoutSetName);
    this.bulk = new BulkEntryScripts(circuit, client, direct, hashName, timeoutSetName, scripted);
  }

  @SuppressWarnings("unchecked")
  private static ExpiryPolicy expiryPolicyOf(Cache<String, String> cache) {
    CompleteConfiguration<String, String> configuration =
        cache.getConfiguration(CompleteConfiguration.class);
    return configuration.getExpiryPolicyFactory().create();
  }

  /** True when {@link #getWithKeys} reads an entry and other keys in one command. */
  @Override
  public boolean readsWithKeysAtOnce() {
    return scripted;
  }

  @Override
  public List<String> getWithKeys(String field, List<String> keys) {
    return entry.getWithKeys(field, keys);
  }

  /**
   * Starts reading {@code key} without waiting, when the cache underneath can (Redisson's can); a
   * call made while the circuit is open fails at once. The caller counts a failed completion
   * against the circuit.
   */
  @Override
  @SuppressWarnings("unchecked")
  public CompletionStage<String> getAsync(String key) {
    if (cache instanceof CacheAsync<?, ?> async) {
      return call(() -> ((CacheAsync<String, String>) async).getAsync(key));
    }
    return CompletableFuture.completedFuture(get(key));
  }

  @Override
  public CompletionStage<List<String>> getWithExpiryAsync(String field) {
    if (client == null || !(cache instanceof JCache<?, ?>)) {
      return getAsync(field).thenApply(value -> Arrays.asList(value, null));
    }
    return entry.getWithExpiryAsync(field);
  }

  // Fenced as a read: most answers here are cached data, dropped if they may come from a server not
  // yet made safe. A write whose answer is dropped so (put-if-absent, remove) fails open; the
  // recovery then voids what it wrote.
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
   * On a single server over the direct connections, one script that reads the fields and their
   * expiry times as Redisson's JCache does, without touching them; otherwise the cache's {@code
   * getAll}.
   */
  @Override
  public Map<String, String> peekAll(Set<String> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    if (direct == null || !scripted) {
      return getAll(keys);
    }
    return bulk.peekAll(keys);
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
   * Stores an entry; on a single server over the direct connections, as Redisson's JCache would
   * store it (same hash, same expiry times, so its reads and expiry see it), in one script without
   * Redisson's thread hand-offs: a write's store and a miss's fill are on a request's path. The
   * expiry times come from the cache's policy, asked on this thread as Redisson asks it ({@link
   * EntryExpiry#withTtl} applies).
   */
  @Override
  public void put(String key, String value) {
    if (expiry == null || listened) {
      run(() -> cache.put(key, value));
      return;
    }
    entry.put(expiry, key, value);
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

  /** Over one script ({@link BulkEntryScripts#removeUnchanged}) on Redisson's JCache. */
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
    return bulk.removeUnchanged(values);
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
  public <T> T invoke(
      String key, EntryProcessor<String, String, T> processor, Object... arguments) {
    return call(() -> cache.invoke(key, processor, arguments));
  }

  @Override
  public <T> Map<String, EntryProcessorResult<T>> invokeAll(
      Set<? extends String> keys,
      EntryProcessor<String, String, T> processor,
      Object... arguments) {
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

  /**
   * Registers a listener with Redisson's cache; from then on this cache's puts go through Redisson,
   * which tells it.
   */
  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<String, String> configuration) {
    listened = true;
    run(() -> cache.registerCacheEntryListener(configuration));
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<String, String> configuration) {
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
