package dev.granular.cache.redis;

import dev.granular.cache.NullValue;
import dev.granular.cache.config.CacheSettings;
import dev.granular.cache.key.CacheKeyEncoder;
import dev.granular.cache.tag.DigestedValue;
import dev.granular.cache.tag.EntryTags;
import dev.granular.cache.tag.TagHeader;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.cache.tag.TaggedValue;
import dev.granular.cache.tag.VersionDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A typed JCache view of a Redis cache of strings: keys become readable entry names ({@link CacheKeyEncoder}),
 * values JSON ({@link JsonValueCodec}). This is what the annotation interceptors see, so they work with the
 * method's own key and value objects while Redis holds only text. {@link NullValue} is stored as a marker that no
 * JSON document can equal, with the cache's negative TTL. Entry processors, loaders and listeners are not supported
 * through the view.
 */
public final class JsonCache implements Cache<Object, Object> {

  private final String name;
  private final Cache<String, String> redis;
  private final CacheKeyEncoder keys;
  private final JsonValueCodec values;
  private final CacheSettings settings;

  /** Stored for {@link NullValue}: not JSON, so no encoded value can collide with it. */
  static final String NULL_MARKER = "~null";

  /**
   * Starts a {@link TaggedValue}: {@code ~v<digest>[\t<declared tag>]*\n<value>}, read back as a {@link DigestedValue}.
   * The versions themselves are not stored, only their {@link VersionDigest}: about 15 bytes instead of 40 per tag.
   * JSON-B writes no raw newline, and tags are escaped ({@code %}, tab and newline).
   */
  static final String TAGGED_PREFIX = "~v";

  public JsonCache(
      String name, Cache<String, String> redis, JsonValueCodec values, CacheSettings settings) {
    this.name = name;
    this.redis = redis;
    this.keys = new CacheKeyEncoder(JsonValueCodec.jsonb());
    this.values = values;
    this.settings = settings;
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
    Map<Object, Object> found = new HashMap<>();
    for (Object key : keySet) {
      Object value = get(key);
      if (value != null) {
        found.put(key, value);
      }
    }
    return found;
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
   * Stores {@code value} as {@link #put} does, with its expiry counted from now whatever the cache's policy: for a
   * value just loaded (a miss's, a reload ahead of expiry or after an invalidation). Under {@code expiry=created} a
   * put keeps a present entry's first expiry time (JCache's rule for updates), and a loader's entry is often present
   * (due for a reload, or voided by a tag and not yet freed), so a load stored by {@code put} would keep the old
   * value's expiry; the loaded value is new, and its lifetime starts with its load. Under {@code modified} this is a
   * plain put.
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
   * How long the entry that {@link #put} ({@code renewed}: {@link #putRenewed}) just stored lives in Redis, in ms:
   * {@link Long#MAX_VALUE} when it never expires, -1 when the store cannot tell (under {@code expiry=created} a plain
   * put keeps a present entry's first expiry time, unknown here). A near copy of it lives no longer.
   */
  public long lifetimeOfStore(Object value, boolean renewed) {
    Object plain = value instanceof TaggedValue tagged ? tagged.value() : value;
    if (plain instanceof NullValue) {
      return millisOrNever(settings.negativeTtl());
    }
    return switch (settings.expiry()) {
      case ETERNAL -> Long.MAX_VALUE;
      case CREATED -> renewed ? millisOrNever(settings.ttl()) : -1;
      case MODIFIED, ACCESSED -> millisOrNever(settings.ttl());
    };
  }

  /**
   * How long an entry read at {@code nowMillis} has left in Redis, in ms, from the expiry time the read told
   * ({@code expiresAtMillis}; 0 when it told none): under {@code expiry=accessed} the read just pushed it back by a
   * whole TTL, and otherwise an entry read without one never expires.
   */
  public long lifetimeOfRead(long expiresAtMillis, long nowMillis) {
    if (expiresAtMillis > 0) {
      return expiresAtMillis - nowMillis;
    }
    return settings.expiry() == CacheSettings.Expiry.ACCESSED ? millisOrNever(settings.ttl()) : Long.MAX_VALUE;
  }

  private static long millisOrNever(java.time.Duration ttl) {
    return ttl.isZero() || ttl.isNegative() ? Long.MAX_VALUE : ttl.toMillis();
  }

  private String encode(Object value) {
    if (value instanceof TaggedValue tagged) {
      StringBuilder stored = new StringBuilder(TAGGED_PREFIX).append(VersionDigest.of(tagged.versions()));
      for (String tag : new TreeSet<>(tagged.versions().keySet())) {
        if (!EntryTags.isImplicit(tag)) {
          stored.append('\t').append(escapeTag(tag));
        }
      }
      return stored.append('\n').append(encode(tagged.value())).toString();
    }
    return value instanceof NullValue ? NULL_MARKER : values.encode(value);
  }

  /**
   * True when {@link #readWithKeys} reads an entry and other keys in one command (not on a Redis Cluster, and not for
   * access-based expiry, whose reads must also push the expiry back as Redisson's {@code get} does).
   */
  public boolean readsWithKeysAtOnce() {
    return redis instanceof RedisEntries guarded
        && guarded.readsWithKeysAtOnce()
        && settings.expiry() != CacheSettings.Expiry.ACCESSED;
  }

  /**
   * The raw payload of {@code key} (for {@link #decode}; null when absent or expired) followed by the values of the
   * Redis {@code keys} (null for absent ones), in one round trip. Only when {@link #readsWithKeysAtOnce}.
   */
  public List<String> readWithKeys(Object key, List<String> keys) {
    return ((RedisEntries) redis).getWithKeys(this.keys.encode(key), keys);
  }

  /**
   * The decoded entry of {@code key} ({@link #decode}; null when absent) and the current versions of {@code tags}
   * (a tag without a version is left out), read with one round trip of latency: one command when
   * {@link #readsWithKeysAtOnce}, else the entry and the versions in flight together. The one command also tells the
   * entry's expiry time ({@link TagRegistry.ReadAlong#expiresAtMillis}); the other way does not.
   */
  public TagRegistry.ReadAlong<Object> readWithVersions(
      Object key, Collection<String> tags, TagRegistry registry) {
    return readWithVersions(key, tags, registry, false);
  }

  /**
   * As {@link #readWithVersions(Object, Collection, TagRegistry)}; with {@code withExpiry} the entry's expiry time is
   * told the other way too (on a Redis Cluster: the entry is read by a script of its own slot that returns its expiry
   * time with it, in flight together with the versions), except under access-based expiry, which only Redisson's
   * {@code get} pushes back. For refresh-ahead.
   */
  public TagRegistry.ReadAlong<Object> readWithVersions(
      Object key, Collection<String> tags, TagRegistry registry, boolean withExpiry) {
    if (!readsWithKeysAtOnce()) {
      if (withExpiry && redis instanceof RedisEntries entries && settings.expiry() != CacheSettings.Expiry.ACCESSED) {
        String name = keys.encode(key);
        TagRegistry.ReadAlong<List<String>> read = registry.readAlong(() -> entries.getWithExpiryAsync(name), tags);
        return new TagRegistry.ReadAlong<>(decode(read.value().get(0)), read.versions(), read.value().get(1));
      }
      TagRegistry.ReadAlong<String> read = registry.readAlong(() -> readAsync(key), tags);
      return new TagRegistry.ReadAlong<>(decode(read.value()), read.versions());
    }
    List<String> names = tags instanceof List<String> list ? list : List.copyOf(tags);
    List<String> versionKeys = new ArrayList<>(names.size());
    for (String tag : names) {
      versionKeys.add(registry.versionKeyOf(tag));
    }
    List<String> read = readWithKeys(key, versionKeys);
    Map<String, String> versions = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String version = read.get(i + 1);
      if (version != null) {
        versions.put(names.get(i), version);
      }
    }
    return new TagRegistry.ReadAlong<>(decode(read.get(0)), versions, read.get(names.size() + 1));
  }

  /**
   * Reads the raw payload of {@code key} without waiting, so the caller can read other keys meanwhile; pass what it
   * completes with to {@link #decode}. A blocking read when the Redis cache is not one of {@link RedisCacheManager}'s.
   */
  public CompletionStage<String> readAsync(Object key) {
    String name = keys.encode(key);
    return redis instanceof RedisEntries guarded
        ? guarded.getAsync(name)
        : CompletableFuture.completedFuture(redis.get(name));
  }

  @Override
  public Object getAndPut(Object key, Object value) {
    return decode(redis.getAndPut(keys.encode(key), encode(value)));
  }

  @Override
  public void putAll(Map<?, ?> map) {
    redis.putAll(
        map.entrySet().stream()
            .collect(Collectors.toMap(e -> keys.encode(e.getKey()), e -> encode(e.getValue()))));
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
    redis.removeAll(keySet.stream().map(keys::encode).collect(Collectors.toSet()));
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
  public <T> T invoke(Object key, EntryProcessor<Object, Object, T> processor, Object... arguments) {
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
    return StreamSupport.stream(redis.spliterator(), false)
        .map(e -> (Entry<Object, Object>) new DecodedEntry(e.getKey(), decode(e.getValue())))
        .iterator();
  }

  /**
   * The value a raw payload stands for: a {@link DigestedValue} for a tagged one, {@link NullValue} for the marker,
   * null for an absent or unreadable one.
   */
  public Object decode(String json) {
    if (json == null) {
      return null;
    }
    if (json.startsWith(TAGGED_PREFIX)) {
      return decodeTagged(json);
    }
    return NULL_MARKER.equals(json) ? NullValue.INSTANCE : values.decode(json).orElse(null);
  }

  private Object decodeTagged(String stored) {
    TagHeader header = headerOf(stored);
    if (header == null) {
      return null;
    }
    Object value = decode(stored.substring(stored.indexOf('\n') + 1));
    return value == null || value instanceof DigestedValue
        ? null
        : new DigestedValue(header.digest(), header.declaredTags(), value);
  }

  /**
   * The header of a tagged payload, its value left undecoded; null for a payload that is not tagged or not readable.
   * For code that judges a stored entry's validity without the type of its value (the tag clean-up).
   */
  public static TagHeader headerOf(String payload) {
    if (payload == null || !payload.startsWith(TAGGED_PREFIX)) {
      return null;
    }
    int newline = payload.indexOf('\n');
    if (newline < 0) {
      return null;
    }
    String[] header = payload.substring(TAGGED_PREFIX.length(), newline).split("\t", -1);
    if (header[0].isEmpty()) {
      return null;
    }
    List<String> declared = new ArrayList<>(header.length - 1);
    for (int i = 1; i < header.length; i++) {
      declared.add(unescapeTag(header[i]));
    }
    return new TagHeader(header[0], declared);
  }

  private static String escapeTag(String tag) {
    return tag.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A");
  }

  private static String unescapeTag(String escaped) {
    return escaped.replace("%0A", "\n").replace("%09", "\t").replace("%25", "%");
  }

  private record DecodedEntry(Object getKey, Object getValue) implements Entry<Object, Object> {
    @Override
    public <T> T unwrap(Class<T> type) {
      throw new IllegalArgumentException("cannot unwrap a decoded entry to " + type);
    }
  }
}
