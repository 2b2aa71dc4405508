package dev.granular.cache.near;

import dev.granular.cache.tag.TaggedValue;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The near cache's part in one {@code @CacheResult} call that goes to Redis: {@link #begin()} right
 * before reading Redis (or running the method), {@link #offer} with what was found valid, {@link
 * #offerStored} with what was stored, each with the time its Redis entry has left, which the copy
 * does not outlive. A no-op without a near cache.
 */
public final class NearFill {

  /** For calls without a near cache. */
  public static final NearFill NONE = new NearFill(null, null, null);

  private final NearCaches caches;
  private final NearCache cache;
  private final Object key;
  private long since = -1;

  private NearFill(NearCaches caches, NearCache cache, Object key) {
    this.caches = caches;
    this.cache = cache;
    this.key = key;
  }

  /** A fill of {@code key} in {@code cache}; {@link #NONE} when {@code cache} is null. */
  public static NearFill of(NearCaches caches, NearCache cache, Object key) {
    return caches == null || cache == null ? NONE : new NearFill(caches, cache, key);
  }

  /**
   * True when the call has a near cache to fill (the read should then tell the entry's expiry
   * time).
   */
  public boolean active() {
    return cache != null;
  }

  /** Notes the invalidation sequence; call it before the Redis read whose result may be offered. */
  public void begin() {
    if (cache != null) {
      since = caches.sequence();
    }
  }

  /**
   * Keeps a copy of {@code value}, just read from Redis and found valid with the versions of {@code
   * tags} (declared and implicit), if nothing invalidated them since {@link #begin()}; for no
   * longer than {@code lifetimeMillis}, the time its Redis entry has left ({@link Long#MAX_VALUE}
   * when it never expires).
   */
  public void offer(Object value, Collection<String> tags, long lifetimeMillis) {
    if (cache != null && since >= 0 && !tags.isEmpty()) {
      caches.offer(cache, key, value, Set.copyOf(tags), since, nanos(lifetimeMillis));
    }
  }

  /**
   * Keeps a copy of {@code stored}, just stored in Redis, if it carries the versions of its tags;
   * for no longer than {@code lifetimeMillis}, the lifetime the store gave its entry (0 or less
   * when it cannot tell: no copy).
   */
  public void offerStored(Object stored, long lifetimeMillis) {
    if (cache != null && since >= 0 && stored instanceof TaggedValue tagged) {
      caches.offer(
          cache, key, tagged.value(), tagged.versions().keySet(), since, nanos(lifetimeMillis));
    }
  }

  private static long nanos(long millis) {
    return millis == Long.MAX_VALUE
        ? Long.MAX_VALUE
        : TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
  }
}
