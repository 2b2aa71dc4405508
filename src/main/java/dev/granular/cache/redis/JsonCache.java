package dev.granular.cache.redis;

import dev.granular.cache.NullValue;
import dev.granular.cache.config.CacheSettings;
import dev.granular.cache.key.CacheKeyEncoder;
import dev.granular.cache.tag.TagHeader;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.cache.tag.TaggedValue;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A typed JCache view of a Redis cache of strings: keys become readable entry names ({@link
 * CacheKeyEncoder}), values JSON ({@link JsonValueCodec}). This is what the annotation interceptors
 * see, so they work with the method's own key and value objects while Redis holds only text. {@link
 * NullValue} is stored as a marker that no JSON document can equal, with the cache's negative TTL.
 * Entry processors, loaders and listeners are not supported through the view.
 */
public final class JsonCache implements Cache<Object, Object> {

  private final String name;
  private final Cache<String, String> redis;
  private final CacheKeyEncoder keys;
  private final JsonValueCodec values;
  private final CacheSettings settings;
  private final VersionedReads reads;

  public JsonCache(
      String name, Cache<String, String> redis, JsonValueCodec values, CacheSettings settings) {
    this.name = name;
    this.redis = redis;
    this.keys = new CacheKeyEncoder(JsonValueCodec.jsonb());
    this.values = values;
    this.settings = settings;
    this.reads = new VersionedReads(redis, keys, values, settings);
  }

  public CacheSettings settings() {
    return settings;
  }

  /** True when this cache keeps {@link NullValue} (its negative TTL is above zero). */
  public boolean storesNulls() {
    return settings.negativeCaching();
  }

  /** The name of the entry that {@code key} stands for inside the cache's Redis hash. */
  public String entryName(Object key) {
    return keys.encode(key);
  }

  @Override
  public Object get(Object key) {
    return decode(redis.get(keys.encode(key)));
  }

  @Override
  public Map<Object, Object> getAll(Set<?> keySet) {
    return JsonBulkOperations.getAll(this, keySet);
  }

  @Override
  public boolean containsKey(Object key) {
    return redis.containsKey(keys.encode(key));
  }

  @Override
  public void loadAll(Set<?> keySet, boolean replace, CompletionListener listener) {
    throw new UnsupportedOperationException("no cache loader behind " + name);
  }

  @Override
  public void put(Object key, Object value) {
    Object plain = value instanceof TaggedValue tagged ? tagged.value() : value;
    if (plain instanceof NullValue) {
      if (storesNulls()) {
        EntryExpiry.withTtl(
            settings.negativeTtl(),
            () -> {
              redis.put(keys.encode(key), encode(value));
              return null;
            });
      }
      return;
    }
    redis.put(keys.encode(key), encode(value));
  }

  /**
   * Stores {@code value} as {@link #put} does, with its expiry counted from now whatever the
   * cache's policy: for a value just loaded (a miss's, a reload ahead of expiry or after an
   * invalidation). Under {@code expiry=created} a put keeps a present entry's first expiry time
   * (JCache's rule for updates), and a loader's entry is often present (due for a reload, or voided
   * by a tag and not yet freed), so a load stored by {@code put} would keep the old value's expiry;
   * the loaded value is new, and its lifetime starts with its load. Under {@code modified} this is
   * a plain put.
   */
  public void putRenewed(Object key, Object value) {
    if (settings.expiry() != CacheSettings.Expiry.CREATED) {
      put(key, value);
      return;
    }
    EntryExpiry.withTtl(
        settings.ttl(),
        () -> {
          put(key, value); // a remembered null still gets its negative TTL: the inner override wins
          return null;
        });
  }

  /**
   * How long the entry that {@link #put} ({@code renewed}: {@link #putRenewed}) just stored lives
   * in Redis, in ms ({@link EntryLifetimes#ofStore}). A near copy of it lives no longer.
   */
  public long lifetimeOfStore(Object value, boolean renewed) {
    return EntryLifetimes.ofStore(settings, value, renewed);
  }

  /**
   * How long an entry read at {@code nowMillis} has left in Redis, in ms ({@link
   * EntryLifetimes#ofRead}).
   */
  public long lifetimeOfRead(long expiresAtMillis, long nowMillis) {
    return EntryLifetimes.ofRead(settings, expiresAtMillis, nowMillis);
  }

  private String encode(Object value) {
    return TaggedPayloads.encode(value, values);
  }

  /**
   * True when {@link #readWithKeys} reads an entry and other keys in one command: see {@link
   * VersionedReads}.
   */
  public boolean readsWithKeysAtOnce() {
    return reads.readsWithKeysAtOnce();
  }

  /**
   * The raw payload of {@code key} followed by the values of the Redis {@code keys}, in one round
   * trip. Only when {@link #readsWithKeysAtOnce}.
   */
  public List<String> readWithKeys(Object key, List<String> keys) {
    return reads.readWithKeys(key, keys);
  }

  /**
   * The decoded entry of {@code key} and the current versions of {@code tags}, with one round trip
   * of latency.
   */
  public TagRegistry.ReadAlong<Object> readWithVersions(
      Object key, Collection<String> tags, TagRegistry registry) {
    return readWithVersions(key, tags, registry, false);
  }

  /**
   * As {@link #readWithVersions(Object, Collection, TagRegistry)}; {@code withExpiry} for
   * refresh-ahead.
   */
  public TagRegistry.ReadAlong<Object> readWithVersions(
      Object key, Collection<String> tags, TagRegistry registry, boolean withExpiry) {
    return reads.readWithVersions(key, tags, registry, withExpiry);
  }

  /**
   * Reads the raw payload of {@code key} without waiting; pass what it completes with to {@link
   * #decode}.
   */
  public CompletionStage<String> readAsync(Object key) {
    return reads.readAsync(key);
  }

  @Override
  public Object getAndPut(Object key, Object value) {
    return decode(redis.getAndPut(keys.encode(key), encode(value)));
  }

  @Override
  public void putAll(Map<?, ?> map) {
    redis.putAll(JsonBulkOperations.encoded(map, keys, values));
  }

  @Override
  public boolean putIfAbsent(Object key, Object value) {
    return redis.putIfAbsent(keys.encode(key), encode(value));
  }

  @Override
  public boolean remove(Object key) {
    return redis.remove(keys.encode(key));
  }

  @Override
  public boolean remove(Object key, Object oldValue) {
    return redis.remove(keys.encode(key), encode(oldValue));
  }

  @Override
  public Object getAndRemove(Object key) {
    return decode(redis.getAndRemove(keys.encode(key)));
  }

  @Override
  public boolean replace(Object key, Object oldValue, Object newValue) {
    return redis.replace(keys.encode(key), encode(oldValue), encode(newValue));
  }

  @Override
  public boolean replace(Object key, Object value) {
    return redis.replace(keys.encode(key), encode(value));
  }

  @Override
  public Object getAndReplace(Object key, Object value) {
    return decode(redis.getAndReplace(keys.encode(key), encode(value)));
  }

  @Override
  public void removeAll(Set<?> keySet) {
    redis.removeAll(JsonBulkOperations.names(keySet, keys));
  }

  @Override
  public void removeAll() {
    redis.removeAll();
  }

  @Override
  public void clear() {
    redis.clear();
  }

  @Override
  public <C extends Configuration<Object, Object>> C getConfiguration(Class<C> type) {
    throw new UnsupportedOperationException("configuration is read from " + redis.getName());
  }

  @Override
  public <T> T invoke(
      Object key, EntryProcessor<Object, Object, T> processor, Object... arguments) {
    throw new UnsupportedOperationException("entry processors are not supported on " + name);
  }

  @Override
  public <T> Map<Object, EntryProcessorResult<T>> invokeAll(
      Set<?> keySet, EntryProcessor<Object, Object, T> processor, Object... arguments) {
    throw new UnsupportedOperationException("entry processors are not supported on " + name);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return redis.getCacheManager();
  }

  @Override
  public void close() {
    // The view owns nothing: the Redis cache is shared and closed with its manager.
  }

  @Override
  public boolean isClosed() {
    return redis.isClosed();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    return type.isInstance(this) ? type.cast(this) : redis.unwrap(type);
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<Object, Object> config) {
    throw new UnsupportedOperationException("listeners are not supported on " + name);
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<Object, Object> config) {
    throw new UnsupportedOperationException("listeners are not supported on " + name);
  }

  /** Iterates over the entries with their encoded key names as keys and decoded values. */
  @Override
  public Iterator<Entry<Object, Object>> iterator() {
    return JsonBulkOperations.decoded(redis, values);
  }

  /**
   * The value a raw payload stands for; null for an absent or unreadable one ({@link
   * TaggedPayloads#decode}).
   */
  public Object decode(String json) {
    return TaggedPayloads.decode(json, values);
  }

  /** The header of a tagged payload, its value left undecoded ({@link TaggedPayloads#headerOf}). */
  public static TagHeader headerOf(String payload) {
    return TaggedPayloads.headerOf(payload);
  }
}
