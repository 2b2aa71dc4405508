package dev.granular.cache.redis;

import dev.granular.cache.config.CacheSettings;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.configuration.Factory;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * The expiry policy of a cache, from its {@link CacheSettings}, with one extension: a write made
 * inside {@link #withTtl} gets that TTL instead. JCache has no per-entry TTL, but Redisson asks the
 * policy on the writing thread during the write, so negative entries can live shorter than the
 * cache's values in the same hash.
 */
final class EntryExpiry implements ExpiryPolicy, Serializable {

  private static final long serialVersionUID = 1L;
  private static final ThreadLocal<Duration> OVERRIDE = new ThreadLocal<>();

  private final Duration creation;
  private final Duration update;
  private final Duration access;

  private EntryExpiry(Duration creation, Duration update, Duration access) {
    this.creation = creation;
    this.update = update;
    this.access = access;
  }

  static Factory<ExpiryPolicy> factory(CacheSettings settings) {
    EntryExpiry policy = of(settings);
    return (Factory<ExpiryPolicy> & Serializable) () -> policy;
  }

  static EntryExpiry of(CacheSettings settings) {
    Duration ttl = jcache(settings.ttl());
    return switch (settings.expiry()) {
      case CREATED -> new EntryExpiry(ttl, null, null);
      case ACCESSED -> new EntryExpiry(ttl, ttl, ttl);
      case ETERNAL -> new EntryExpiry(Duration.ETERNAL, null, null);
      case MODIFIED -> new EntryExpiry(ttl, ttl, null);
    };
  }

  /**
   * Runs a write whose entries expire after {@code ttl}, whatever the cache's policy says; the
   * innermost of nested calls wins while it runs.
   */
  static <T> T withTtl(java.time.Duration ttl, Supplier<T> write) {
    Duration outer = OVERRIDE.get();
    OVERRIDE.set(jcache(ttl));
    try {
      return write.get();
    } finally {
      if (outer == null) {
        OVERRIDE.remove();
      } else {
        OVERRIDE.set(outer);
      }
    }
  }

  private static Duration jcache(java.time.Duration ttl) {
    return ttl.isZero() || ttl.isNegative()
        ? Duration.ETERNAL
        : new Duration(TimeUnit.MILLISECONDS, ttl.toMillis());
  }

  @Override
  public Duration getExpiryForCreation() {
    Duration override = OVERRIDE.get();
    return override != null ? override : creation;
  }

  @Override
  public Duration getExpiryForAccess() {
    return access;
  }

  @Override
  public Duration getExpiryForUpdate() {
    Duration override = OVERRIDE.get();
    return override != null ? override : update;
  }
}
