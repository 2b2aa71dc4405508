package dev.granular.cache.config;

import java.time.Duration;
import java.util.Locale;

/**
 * The settings of one logical cache, each read as {@code cache.<name>.<setting>} and falling back
 * to {@code cache.default.<setting>}:
 *
 * <ul>
 *   <li>{@code ttl} (default {@code 10m}): how long an entry lives; {@code 0} means forever.
 *   <li>{@code expiry} (default {@code modified}): what the TTL counts from: {@code modified} (the
 *       last write), {@code created} (the first write), {@code accessed} (the last read or write;
 *       costs a Redis write per hit) or {@code eternal} (entries never expire).
 *   <li>{@code negative-ttl} (default {@code 30s}): how long a {@code null} result is remembered,
 *       so a lookup of something absent does not reach the database on every call; {@code 0} turns
 *       negative caching off.
 *   <li>{@code statistics} (default {@code true}): whether this instance counts hits, misses and
 *       the rest.
 *   <li>{@code stale-protection} (default {@code true}): every entry carries versions of its own
 *       key and of its cache besides its tags, and a load is stored only if nothing it depends on
 *       was invalidated while it ran. Off, the versions are read when storing (as most tag caches
 *       do), which lets a racing load store an old value: for experiments only.
 *   <li>{@code write} (default {@code through}): what {@code @CachePut} does. {@code through}
 *       stores the new value once the writing transaction has committed and its tags are
 *       invalidated, only if no other write to anything the entry depends on committed after this
 *       one's last reading of the invalidation clock (else the entry stays absent and the next read
 *       loads it); {@code invalidate} only voids the entry, like {@code @CacheRemove}.
 * </ul>
 */
public record CacheSettings(
    String name,
    Duration ttl,
    Expiry expiry,
    Duration negativeTtl,
    boolean statistics,
    boolean staleProtection,
    WriteStrategy write) {

  /** What {@code @CachePut} does in a cache. */
  public enum WriteStrategy {
    THROUGH,
    INVALIDATE
  }

  /** What an entry's TTL counts from. */
  public enum Expiry {
    MODIFIED,
    CREATED,
    ACCESSED,
    ETERNAL
  }

  public static CacheSettings of(String name) {
    return of(name, null);
  }

  /**
   * The settings of {@code name}, with {@code ttl} (when not null) as its TTL unless {@code
   * cache.<name>.ttl} says otherwise: what an annotation asks for wins over {@code
   * cache.default.ttl}, configuration of the cache over both.
   */
  public static CacheSettings of(String name, Duration ttl) {
    return new CacheSettings(
        name,
        ttl == null
            ? duration(name, "ttl", Duration.ofMinutes(10))
            : Settings.getDuration("cache." + name + ".ttl", ttl),
        expiry(name),
        duration(name, "negative-ttl", Duration.ofSeconds(30)),
        flag(name, "statistics"),
        flag(name, "stale-protection"),
        write(name));
  }

  private static WriteStrategy write(String name) {
    String value =
        Settings.get("cache." + name + ".write", Settings.get("cache.default.write", "through"));
    try {
      return WriteStrategy.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cache." + name + ".write=" + value + ": expected through or invalidate", e);
    }
  }

  private static boolean flag(String name, String setting) {
    return Settings.getBoolean(
        "cache." + name + "." + setting, Settings.getBoolean("cache.default." + setting, true));
  }

  /**
   * The version of the payload format, part of every Redis key ({@code cache.schema-version},
   * default 1).
   */
  public static long schemaVersion() {
    return Settings.getLong("cache.schema-version", 1);
  }

  public boolean negativeCaching() {
    return !negativeTtl.isZero() && !negativeTtl.isNegative();
  }

  private static Duration duration(String name, String setting, Duration fallback) {
    Duration general = Settings.getDuration("cache.default." + setting, fallback);
    return Settings.getDuration("cache." + name + "." + setting, general);
  }

  private static Expiry expiry(String name) {
    String general = Settings.get("cache.default.expiry", "modified");
    String value = Settings.get("cache." + name + ".expiry", general);
    try {
      return Expiry.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cache."
              + name
              + ".expiry="
              + value
              + ": expected modified, created, accessed or eternal",
          e);
    }
  }
}
