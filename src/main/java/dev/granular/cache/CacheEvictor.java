package dev.granular.cache;

import dev.granular.cache.config.CacheSettings;
import dev.granular.cache.interceptor.Eviction;
import dev.granular.cache.key.ParametersCacheKey;
import dev.granular.cache.redis.JsonCache;
import dev.granular.cache.redis.JsonValueCodec;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.EntryTags;
import dev.granular.cache.tag.TagRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Evicts entries from code, with the same rules as {@code @CacheRemove}: now, and again after the
 * current JTA transaction commits. For writes whose key is only known inside the method, such as a
 * created row's id, which may have been remembered as absent.
 */
@ApplicationScoped
public class CacheEvictor {

  private RedisCacheManager caches;
  private CacheStatisticsRegistry statistics;
  private TagRegistry tags;

  protected CacheEvictor() {}

  @Inject
  public CacheEvictor(
      RedisCacheManager caches, CacheStatisticsRegistry statistics, TagRegistry tags) {
    this.caches = caches;
    this.statistics = statistics;
    this.tags = tags;
  }

  /** Removes the entry that the default key generator makes of these key parameters. */
  public void evict(String cacheName, Object... keyParameters) {
    ParametersCacheKey key = new ParametersCacheKey(keyParameters);
    Eviction.evict(
        cacheName,
        statistics.of(cacheName),
        () -> {
          JsonCache view = view(cacheName);
          invalidate(view, EntryTags.ofEntry(cacheName, view.entryName(key)));
          view.remove(key);
        });
  }

  /** Removes every entry of the cache. */
  public void clear(String cacheName) {
    Eviction.evict(
        cacheName,
        statistics.of(cacheName),
        () -> {
          JsonCache view = view(cacheName);
          invalidate(view, EntryTags.ofCache(cacheName));
          view.removeAll();
        });
  }

  private void invalidate(JsonCache view, String tag) {
    if (view.settings().staleProtection()) {
      tags.invalidate(java.util.Set.of(tag));
    }
  }

  private JsonCache view(String cacheName) {
    CacheSettings settings = caches.settings(cacheName);
    return new JsonCache(
        cacheName, caches.cache(cacheName), new JsonValueCodec(Object.class), settings);
  }
}
