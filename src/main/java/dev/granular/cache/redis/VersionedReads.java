package dev.granular.cache.redis;

import dev.granular.cache.config.CacheSettings;
import dev.granular.cache.key.CacheKeyEncoder;
import dev.granular.cache.tag.TagRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.cache.Cache;

/**
 * A {@link JsonCache}'s reads of an entry together with the current versions of tags, with one
 * round trip of latency: one command where the Redis cache reads an entry and other keys at once,
 * else the entry (with its expiry time where asked and Redis can tell it) and the versions in
 * flight together. The hit path of a tagged entry.
 */
final class VersionedReads {

  private final Cache<String, String> redis;
  private final CacheKeyEncoder keys;
  private final JsonValueCodec values;
  private final CacheSettings settings;

  VersionedReads(
      Cache<String, String> redis,
      CacheKeyEncoder keys,
      JsonValueCodec values,
      CacheSettings settings) {
    this.redis = redis;
    this.keys = keys;
    this.values = values;
    this.settings = settings;
  }

  /**
   * True when {@link #readWithKeys} reads an entry and other keys in one command (not on a Redis
   * Cluster, and not for access-based expiry, whose reads must also push the expiry back as
   * Redisson's {@code get} does).
   */
  boolean readsWithKeysAtOnce() {
    return redis instanceof RedisEntries guarded
        && guarded.readsWithKeysAtOnce()
        && settings.expiry() != CacheSettings.Expiry.ACCESSED;
  }

  /**
   * The raw payload of {@code key} (for {@link JsonCache#decode}; null when absent or expired)
   * followed by the values of the Redis {@code keys} (null for absent ones), in one round trip.
   * Only when {@link #readsWithKeysAtOnce}.
   */
  List<String> readWithKeys(Object key, List<String> keys) {
    return ((RedisEntries) redis).getWithKeys(this.keys.encode(key), keys);
  }

  /**
   * The decoded entry of {@code key} ({@link JsonCache#decode}; null when absent) and the current
   * versions of {@code tags} (a tag without a version is left out), read with one round trip of
   * latency: one command when {@link #readsWithKeysAtOnce}, else the entry and the versions in
   * flight together. The one command also tells the entry's expiry time ({@link
   * TagRegistry.ReadAlong#expiresAtMillis}); the other way does not, unless {@code withExpiry}:
   * then the entry's expiry time is told the other way too (on a Redis Cluster: the entry is read
   * by a script of its own slot that returns its expiry time with it, in flight together with the
   * versions), except under access-based expiry, which only Redisson's {@code get} pushes back. For
   * refresh-ahead.
   */
  TagRegistry.ReadAlong<Object> readWithVersions(
      Object key, Collection<String> tags, TagRegistry registry, boolean withExpiry) {
    if (!readsWithKeysAtOnce()) {
      if (withExpiry
          && redis instanceof RedisEntries entries
          && settings.expiry() != CacheSettings.Expiry.ACCESSED) {
        String name = keys.encode(key);
        TagRegistry.ReadAlong<List<String>> read =
            registry.readAlong(() -> entries.getWithExpiryAsync(name), tags);
        return new TagRegistry.ReadAlong<>(
            decode(read.value().get(0)), read.versions(), read.value().get(1));
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

  private Object decode(String json) {
    return TaggedPayloads.decode(json, values);
  }

  /**
   * Reads the raw payload of {@code key} without waiting, so the caller can read other keys
   * meanwhile; pass what it completes with to {@link JsonCache#decode}. A blocking read when the
   * Redis cache is not one of {@link RedisCacheManager}'s.
   */
  CompletionStage<String> readAsync(Object key) {
    String name = keys.encode(key);
    return redis instanceof RedisEntries guarded
        ? guarded.getAsync(name)
        : CompletableFuture.completedFuture(redis.get(name));
  }
}
