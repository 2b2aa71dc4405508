package dev.granular.cache.it;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/**
 * @CacheResult in its variants.
 */
@ApplicationScoped
@CacheDefaults(cacheName = "it-results")
public class ResultBean {

  @CacheResult
  public String value(String key) {
    return "value-" + key + "-" + Counter.count("value:" + key);
  }

  @CacheResult(skipGet = true)
  public String refreshed(String key) {
    return "refreshed-" + key + "-" + Counter.count("refreshed:" + key);
  }

  @CacheResult
  public Item item(@CacheKey long id, String ignoredForTheKey) {
    Counter.count("item:" + id);
    return new Item(id, "item " + id, java.util.List.of("a", "b"));
  }

  @CacheResult(
      cacheName = "it-failing",
      exceptionCacheName = "it-exceptions",
      cachedExceptions = IllegalStateException.class)
  public String failing(String key, boolean illegalArgument) {
    Counter.count("failing:" + key);
    if (illegalArgument) {
      throw new IllegalArgumentException("not cached " + key);
    }
    throw new IllegalStateException("cached " + key);
  }

  @CacheResult(cacheName = "it-nulls")
  public String absent(String key) {
    Counter.count("absent:" + key);
    return null;
  }

  @CacheResult(cacheName = "it-keys", cacheKeyGenerator = CaseInsensitiveKeyGenerator.class)
  public String caseInsensitive(String key) {
    return key + "-" + Counter.count("case:" + key.toLowerCase());
  }

  @CacheResult(cacheName = "it-resolved", cacheResolverFactory = CountingResolverFactory.class)
  public String resolved(String key) {
    return key + "-" + Counter.count("resolved:" + key);
  }

  /** A structured value: it must come back from JSON as this record. */
  public record Item(long id, String name, java.util.List<String> tags) {}
}
