package dev.granular.cache.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.granular.cache.tag.EntryTags;
import dev.granular.cache.tag.TagGroups;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The in-process copy of one logical cache: a size-bounded Caffeine cache of values by their
 * generated key, and an index from each tag to the copies that depend on it, so that an
 * invalidation message evicts exactly those. The index only ever points at live copies (evicted and
 * expired ones leave it), so it is bounded with the cache. A copy lives no longer than the near
 * TTL, nor than its Redis entry had left when it was copied: the cache's TTL (and the shorter one
 * of a remembered {@code null}) holds for what the near cache serves too.
 *
 * <p>Reads are lock-free. Stores and invalidations go through {@link NearCaches}, which serializes
 * them.
 */
public final class NearCache {

  private final String name;
  private final String cacheTag;
  private final Cache<Object, NearEntry> entries;
  private final TagGroups<NearEntry> dependents = new TagGroups<>();

  NearCache(String name, NearCacheSettings settings) {
    this(name, settings, Ticker.systemTicker());
  }

  NearCache(String name, NearCacheSettings settings, Ticker ticker) {
    this.name = name;
    this.cacheTag = EntryTags.ofCache(name);
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(settings.maxEntries())
            .expireAfter(new CopyExpiry(settings.ttl().toNanos()))
            .ticker(ticker)
            // maintenance on the caller's thread: no common-pool threads inside an application
            // server
            .executor(Runnable::run)
            .<Object, NearEntry>removalListener(
                (key, entry, cause) -> {
                  if (entry != null && cause.wasEvicted()) {
                    unindex(entry);
                  }
                })
            .build();
  }

  public String name() {
    return name;
  }

  /** The near copy of the value under {@code key}, or null. Never touches Redis. */
  public Object get(Object key) {
    NearEntry entry = entries.getIfPresent(key);
    return entry == null ? null : entry.value();
  }

  /**
   * Stores a copy that depends on {@code tags} and may be served for {@code lifetimeNanos} at most
   * ({@link Long#MAX_VALUE}: the near TTL alone caps it; none left: not stored); the caller has
   * checked that no tag changed since it read them.
   *
   * @return whether the copy was stored
   */
  boolean put(Object key, Object value, Collection<String> tags, long lifetimeNanos) {
    if (lifetimeNanos <= 0) {
      return false; // its Redis entry expires now: a copy would outlive it
    }
    Set<String> indexed = new LinkedHashSet<>(tags);
    // Every entry carries these two: they are handled by clearing the whole cache, not kept as huge
    // index groups.
    indexed.remove(EntryTags.ALL);
    indexed.remove(cacheTag);
    NearEntry entry = new NearEntry(key, value, Set.copyOf(indexed), lifetimeNanos);
    // Indexed before it is put, so that a copy the size bound evicts within the put itself (its
    // removal listener running on this thread) cannot be left in the index.
    dependents.add(entry, entry.tags());
    NearEntry replaced = entries.asMap().put(key, entry);
    if (replaced != null) {
      unindex(replaced);
    }
    return true;
  }

  /** Evicts every copy that depends on one of {@code tags}. */
  void invalidate(Collection<String> tags) {
    if (tags.contains(EntryTags.ALL) || tags.contains(cacheTag)) {
      clear();
      return;
    }
    for (String tag : tags) {
      Set<NearEntry> group = dependents.removeGroup(tag);
      if (group != null) {
        for (NearEntry entry : group) {
          entries.asMap().remove(entry.key(), entry);
          unindex(entry);
        }
      }
    }
  }

  void clear() {
    entries.invalidateAll();
    dependents.clear();
  }

  /** The number of copies (approximate while evictions are pending). */
  public long size() {
    return entries.estimatedSize();
  }

  /** The number of tags that index at least one copy. */
  int indexedTags() {
    return dependents.size();
  }

  void cleanUp() {
    entries.cleanUp();
  }

  private void unindex(NearEntry entry) {
    dependents.remove(entry, entry.tags());
  }

  /**
   * Each copy expires after the near TTL or its own lifetime, whichever is shorter, counted from
   * its store.
   */
  private record CopyExpiry(long ttlNanos) implements Expiry<Object, NearEntry> {

    @Override
    public long expireAfterCreate(Object key, NearEntry entry, long currentTime) {
      return Math.min(ttlNanos, entry.lifetimeNanos());
    }

    @Override
    public long expireAfterUpdate(
        Object key, NearEntry entry, long currentTime, long currentDuration) {
      return Math.min(
          ttlNanos, entry.lifetimeNanos()); // a new copy under the same key: its own lifetime
    }

    @Override
    public long expireAfterRead(
        Object key, NearEntry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
