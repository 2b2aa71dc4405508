package dev.granular.cache.redis;

import dev.granular.cache.NullValue;
import dev.granular.cache.config.CacheSettings;
import dev.granular.cache.tag.TaggedValue;
import javax.cache.expiry.Duration;

/**
 * The arithmetic of an entry's time in Redis: the expiry time a direct store sends for it, as
 * Redisson's JCache computes it ({@link #expiryTime}), and how long an entry just stored or read
 * there has left, which a near copy of it must not outlive ({@link JsonCache#lifetimeOfStore},
 * {@link JsonCache#lifetimeOfRead}).
 */
final class EntryLifetimes {

  private EntryLifetimes() {}

  /**
   * The expiry time Redisson gives for {@code duration} from {@code now}: -1 for none (or no
   * change), 0 for at once.
   */
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

  /**
   * How long the entry that {@link JsonCache#put} ({@code renewed}: {@link JsonCache#putRenewed})
   * just stored under {@code settings} lives in Redis, in ms: {@link Long#MAX_VALUE} when it never
   * expires, -1 when the store cannot tell (under {@code expiry=created} a plain put keeps a
   * present entry's first expiry time, unknown here).
   */
  static long ofStore(CacheSettings settings, Object value, boolean renewed) {
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
   * How long an entry read at {@code nowMillis} has left in Redis, in ms, from the expiry time the
   * read told ({@code expiresAtMillis}; 0 when it told none): under {@code expiry=accessed} the
   * read just pushed it back by a whole TTL, and otherwise an entry read without one never expires.
   */
  static long ofRead(CacheSettings settings, long expiresAtMillis, long nowMillis) {
    if (expiresAtMillis > 0) {
      return expiresAtMillis - nowMillis;
    }
    return settings.expiry() == CacheSettings.Expiry.ACCESSED
        ? millisOrNever(settings.ttl())
        : Long.MAX_VALUE;
  }

  private static long millisOrNever(java.time.Duration ttl) {
    return ttl.isZero() || ttl.isNegative() ? Long.MAX_VALUE : ttl.toMillis();
  }
}
