package dev.granular.cache.config;

import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;

/**
 * The settings of one logical cache, read from configuration: {@code cache.<name>.ttl}, falling back to
 * {@code cache.default.ttl} (default 10 minutes). A TTL of 0 means entries never expire.
 */
public record CacheSettings(String name, Duration ttl) {

  private static final java.time.Duration DEFAULT_TTL = java.time.Duration.ofMinutes(10);

  public static CacheSettings of(String name) {
    java.time.Duration fallback = Settings.getDuration("cache.default.ttl", DEFAULT_TTL);
    java.time.Duration ttl = Settings.getDuration("cache." + name + ".ttl", fallback);
    return new CacheSettings(name, toJCache(ttl));
  }

  /** The version of the payload format, part of every Redis key ({@code cache.schema-version}, default 1). */
  public static long schemaVersion() {
    return Settings.getLong("cache.schema-version", 1);
  }

  private static Duration toJCache(java.time.Duration ttl) {
    return ttl.isZero() || ttl.isNegative()
        ? Duration.ETERNAL
        : new Duration(TimeUnit.MILLISECONDS, ttl.toMillis());
  }
}
