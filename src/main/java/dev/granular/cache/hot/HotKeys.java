package dev.granular.cache.hot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.granular.cache.tag.TagGroups;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The hot keys of one cache on this instance: those served within the window, at most {@code
 * maxKeys} of them (Caffeine's size bound keeps the most often read), indexed by the tags their
 * entries depend on, so an invalidation finds the ones it voided without scanning them all.
 */
public final class HotKeys {

  private final Cache<Object, HotKey> keys;
  private final TagGroups<HotKey> byTag = new TagGroups<>();

  HotKeys(HotKeySettings settings) {
    this(settings, Ticker.systemTicker());
  }

  /** With {@code ticker} as the clock of the window (tests move it by hand). */
  HotKeys(HotKeySettings settings, Ticker ticker) {
    this.keys =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(settings.maxKeys())
            .expireAfterAccess(settings.window())
            .executor(Runnable::run)
            .<Object, HotKey>evictionListener((key, hot, cause) -> unindex(hot))
            .build();
  }

  /** The key as remembered, now counted as read once more; null when it is not hot. */
  HotKey read(Object key) {
    return keys.getIfPresent(key);
  }

  // Indexed before it is put, so that a key the size bound evicts (or refuses) within the put
  // itself, whose eviction listener runs on this thread, cannot be left in the index.

  /** Remembers {@code hot}, unless its key is remembered already. */
  void add(HotKey hot) {
    index(hot);
    if (keys.asMap().putIfAbsent(hot.key(), hot) != null) {
      unindex(hot);
    }
  }

  /**
   * Replaces {@code known} by {@code retagged}, unless something else replaced or evicted it first.
   */
  void replace(HotKey known, HotKey retagged) {
    index(retagged);
    if (keys.asMap().replace(known.key(), known, retagged)) {
      unindex(known);
    } else {
      unindex(retagged);
    }
  }

  /** The hot keys whose entries depend on any of {@code tags}. */
  Set<HotKey> dependingOn(Collection<String> tags) {
    Set<HotKey> found = Collections.newSetFromMap(new IdentityHashMap<>());
    for (String tag : tags) {
      Set<HotKey> group = byTag.group(tag);
      if (group == null) {
        continue;
      }
      for (HotKey hot : group) {
        // Quietly: an invalidation is not a read. An index entry whose key was evicted as it was
        // indexed goes now.
        if (keys.policy().getIfPresentQuietly(hot.key()) == hot) {
          found.add(hot);
        } else {
          group.remove(hot);
        }
      }
    }
    return found;
  }

  /** How many keys are hot. */
  public long size() {
    keys.cleanUp();
    return keys.estimatedSize();
  }

  private void index(HotKey hot) {
    byTag.add(hot, hot.tags());
  }

  private void unindex(HotKey hot) {
    if (hot != null) {
      byTag.remove(hot, hot.tags());
    }
  }

  /** For tests: the tags indexed. */
  List<String> indexedTags() {
    return List.copyOf(byTag.tags());
  }
}
