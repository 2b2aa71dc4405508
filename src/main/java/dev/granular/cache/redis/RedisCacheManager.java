package dev.granular.cache.redis;

import dev.granular.cache.config.CacheSettings;
import dev.granular.cache.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.redisson.jcache.JCachingProvider;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * The Redisson JCache caches of the application, all served by the one {@link RedissonClient}. A
 * logical cache {@code products} lives in Redis as {@code cache:v<schema>:products}: the schema
 * version ({@code cache.schema-version}) keeps a new deploy from reading payloads an older one
 * wrote. Expiry follows {@link CacheSettings}: the TTL counts from the last write.
 */
@ApplicationScoped
public class RedisCacheManager {

  private final Map<String, RedisEntries> caches = new ConcurrentHashMap<>();
  private final Map<String, CacheSettings> settings = new ConcurrentHashMap<>();
  private RedisConnection connection;
  private CacheManager jcache;

  protected RedisCacheManager() {}

  @Inject
  public RedisCacheManager(RedisConnection connection) {
    this.connection = connection;
    // Named directly: the server may show other JCache providers (Payara's Hazelcast), and the
    // generic lookup fails when there are several.
    JCachingProvider provider = new JCachingProvider();
    this.jcache = provider.getCacheManager(provider.getDefaultURI(), getClass().getClassLoader());
  }

  /**
   * The raw cache of encoded keys and JSON values behind the logical cache {@code name}. Every call
   * on it goes through the Redis circuit breaker, so while Redis is away it fails at once.
   */
  public Cache<String, String> cache(String name) {
    return entries(name);
  }

  /**
   * The raw payloads of those of {@code entries} (encoded names) of the cache {@code name} that are
   * present and not expired, read without extending their expiry: one script per Redis hash on a
   * single server.
   */
  public Map<String, String> peekAll(String name, Set<String> entries) {
    return entries(name).peekAll(entries);
  }

  /**
   * Removes each of {@code values}' entries (encoded names to raw payloads) from the cache {@code
   * name} only while it still holds that payload: one that was stored over since it was read stays.
   * One script per Redis hash (per partition of a partitioned cache); gives the names of those
   * removed.
   */
  public Set<String> removeUnchanged(String name, Map<String, String> values) {
    return entries(name).removeUnchanged(values);
  }

  private RedisEntries entries(String name) {
    return caches.computeIfAbsent(name, this::openLogical);
  }

  /** One Redis cache, or {@link #partitions} of them behind one {@link PartitionedCache}. */
  private RedisEntries openLogical(String name) {
    int partitions = partitions(name);
    if (partitions == 1) {
      return guarded(redisName(name), open(name, redisName(name)));
    }
    List<CircuitGuardedCache> parts = new ArrayList<>(partitions);
    for (int i = 0; i < partitions; i++) {
      String part = partitionName(name, i);
      parts.add(guarded(part, open(name, part)));
    }
    return new PartitionedCache(redisName(name), parts);
  }

  /**
   * {@code cache.<name>.partitions} (default {@code cache.default.partitions}, else 1): how many
   * Redis hashes hold the cache's entries. On a Redis Cluster each lives in a slot of its own, so a
   * large cache spreads over the masters. Changing it leaves entries stored under the old layout
   * unread until they expire: change it together with {@code cache.schema-version}, or clear the
   * cache.
   */
  public static int partitions(String name) {
    return PARTITIONS.computeIfAbsent(name, RedisCacheManager::readPartitions);
  }

  // Read once per cache: the lock of every miss asks for it.
  private static final Map<String, Integer> PARTITIONS = new ConcurrentHashMap<>();

  private static int readPartitions(String name) {
    long partitions =
        Settings.getLong(
            "cache." + name + ".partitions", Settings.getLong("cache.default.partitions", 1));
    if (partitions < 1 || partitions > 1024) {
      throw new IllegalArgumentException(
          "cache." + name + ".partitions=" + partitions + ": expected a number from 1 to 1024");
    }
    return (int) partitions;
  }

  /** The Redis hash that holds an entry: the cache's, or its partition's. */
  public static String hashOf(String name, String entryName) {
    int partitions = partitions(name);
    return partitions == 1
        ? redisName(name)
        : partitionName(name, PartitionedCache.partitionOf(entryName, partitions));
  }

  /**
   * The Redis hash of partition {@code index} of a partitioned cache: {@code cache:v1:products:p3}.
   */
  public static String partitionName(String name, int index) {
    return redisName(name) + ":p" + index;
  }

  /**
   * As {@link #cache(String)}, with {@code ttl} as the cache's TTL unless configuration sets one
   * ({@link CacheSettings#of(String, java.time.Duration)}); only the first opening of a cache
   * decides.
   */
  public Cache<String, String> cache(String name, java.time.Duration ttl) {
    settings.computeIfAbsent(name, n -> CacheSettings.of(n, ttl));
    return cache(name);
  }

  private CircuitGuardedCache guarded(String hashName, Cache<String, String> cache) {
    return new CircuitGuardedCache(
        cache,
        connection.circuit(),
        connection.client(),
        connection.direct().orElse(null),
        hashName);
  }

  /**
   * The typed JSON view of the cache {@code name} for values of {@code valueType}, packed when
   * {@code cache.<name>.compress} (default {@code cache.default.compress}, else false) says so;
   * {@code ttl} as in {@link #cache(String, java.time.Duration)} (null: configuration alone).
   */
  public JsonCache jsonView(String name, java.lang.reflect.Type valueType, java.time.Duration ttl) {
    boolean compress =
        Settings.getBoolean(
            "cache." + name + ".compress", Settings.getBoolean("cache.default.compress", false));
    return new JsonCache(
        name, cache(name, ttl), new JsonValueCodec(valueType, compress), settings(name));
  }

  /** The settings the cache {@code name} was opened with. */
  public CacheSettings settings(String name) {
    return settings.computeIfAbsent(name, CacheSettings::of);
  }

  /** The logical cache names this instance has opened. */
  public Set<String> names() {
    return Set.copyOf(caches.keySet());
  }

  /** The Redis key of the hash that holds the cache's entries. */
  public static String redisName(String name) {
    return "cache:v" + CacheSettings.schemaVersion() + ":" + name;
  }

  private Cache<String, String> open(String name, String redisName) {
    Cache<String, String> existing = jcache.getCache(redisName, String.class, String.class);
    if (existing != null) {
      return existing;
    }
    CacheSettings settings = settings(name);
    MutableConfiguration<String, String> config =
        new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .setStoreByValue(true)
            .setStatisticsEnabled(false)
            .setExpiryPolicyFactory(EntryExpiry.factory(settings));
    return jcache.createCache(
        redisName, RedissonConfiguration.fromInstance(connection.client(), config));
  }

  @PreDestroy
  void close() {
    jcache.close();
  }
}
