package dev.granular.cache.near;

import dev.granular.cache.tag.TaggedValue;
import java.util.Collection;
import java.util.Set;

/**
 * The near cache's part in one {@code @CacheResult} call that goes to Redis: {@link #begin()} right before reading
 * Redis (or running the method), {@link #offer} with what was found valid, {@link #offerStored} with what was
 * stored. A no-op without a near cache.
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

  /** Notes the invalidation sequence; call it before the Redis read whose result may be offered. */
  public void begin() {
    if (cache != null) {
      since = caches.sequence();
    }
  }

  /**
   * Keeps a copy of {@code value}, just read from Redis and found valid with the versions of {@code tags} (declared
   * and implicit), if nothing invalidated them since {@link #begin()}.
   */
  public void offer(Object value, Collection<String> tags) {
    if (cache != null && since >= 0 && !tags.isEmpty()) {
      caches.offer(cache, key, value, Set.copyOf(tags), since);
    }
  }

  /** Keeps a copy of {@code stored}, just stored in Redis, if it carries the versions of its tags. */
  public void offerStored(Object stored) {
    if (cache != null && since >= 0 && stored instanceof TaggedValue tagged) {
      caches.offer(cache, key, tagged.value(), tagged.versions().keySet(), since);
    }
  }
}
