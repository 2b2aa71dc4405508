package dev.granular.cache.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.granular.cache.tag.EntryTags;
import dev.granular.cache.tag.TagGroups;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The in-process copy of one logical cache: a size-bounded Caffeine cache of values by their generated key, and an
 * index from each tag to the copies that depend on it, so that an invalidation message evicts exactly those. The
 * index only ever points at live copies (evicted and expired ones leave it), so it is bounded with the cache.
 *
 * <p>Reads are lock-free. Stores and invalidations go through {@link NearCaches}, which serializes them.
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
            .expireAfterWrite(settings.ttl())
            .ticker(ticker)
            // maintenance on the caller's thread: no common-pool threads inside an application server
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

  /** Stores a copy that depends on {@code tags}; the caller has checked that none changed since it read them. */
  void put(Object key, Object value, Collection<String> tags) {
    Set<String> indexed = new LinkedHashSet<>(tags);
    // Every entry carries these two: they are handled by clearing the whole cache, not kept as huge index groups.
    indexed.remove(EntryTags.ALL);
    indexed.remove(cacheTag);
    NearEntry entry = new NearEntry(key, value, Set.copyOf(indexed));
    // Indexed before it is put, so that a copy the size bound evicts within the put itself (its removal listener
    // running on this thread) cannot be left in the index.
    dependents.add(entry, entry.tags());
    NearEntry replaced = entries.asMap().put(key, entry);
    if (replaced != null) {
      unindex(replaced);
    }
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
}
