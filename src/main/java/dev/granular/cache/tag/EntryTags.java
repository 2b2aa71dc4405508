package dev.granular.cache.tag;

import java.util.List;

/**
 * The implicit tags every protected entry depends on besides its declared ones: its own key and its
 * cache. {@code @CacheRemove} and {@code @CachePut} invalidate the key's tag,
 * {@code @CacheRemoveAll} the cache's, so a load racing any of them is refused like one racing a
 * declared tag. The {@code #} prefix keeps them apart from application tags.
 */
public final class EntryTags {

  // Every hit of a protected entry needs its cache's tag; there are few caches, so each name is
  // written once.
  private static final FewNames CACHE_TAGS = new FewNames(cacheName -> "#" + cacheName);

  private EntryTags() {}

  /**
   * The tag every protected entry depends on: invalidated after a Redis outage, when invalidations
   * may have been lost, it voids everything at once.
   */
  public static final String ALL = "#all";

  /** The tag of one entry: {@code #products:42}. */
  public static String ofEntry(String cacheName, String entryName) {
    return "#" + cacheName + ":" + entryName;
  }

  /** The implicit tags of one entry: its own, its cache's and {@link #ALL}. */
  public static List<String> of(String cacheName, String entryName) {
    return List.of(ofEntry(cacheName, entryName), ofCache(cacheName), ALL);
  }

  /**
   * True for the tags this class makes: they follow from an entry's cache and key, so they need not
   * be stored.
   */
  public static boolean isImplicit(String tag) {
    return tag.startsWith("#");
  }

  /** The tag of a whole cache: {@code #products}. */
  public static String ofCache(String cacheName) {
    return CACHE_TAGS.of(cacheName);
  }

  /** True for the tag of a whole cache and {@link #ALL}: few, and met on every hit. */
  static boolean isPerCache(String tag) {
    return tag.startsWith("#") && tag.indexOf(':') < 0;
  }
}
