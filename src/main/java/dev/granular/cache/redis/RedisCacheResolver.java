package dev.granular.cache.redis;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import javax.cache.Cache;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheResolver;

/** Resolves one method's cache: the JSON view is built on first use and reused for every call. */
final class RedisCacheResolver implements CacheResolver {

  private final RedisCacheManager caches;
  private final String name;
  private final Type valueType;
  private volatile JsonCache cache;

  RedisCacheResolver(RedisCacheManager caches, String name, Type valueType) {
    this.caches = caches;
    this.name = name;
    this.valueType = valueType;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
    JsonCache resolved = cache;
    if (resolved == null) {
      resolved =
          new JsonCache(name, caches.cache(name), new JsonValueCodec(valueType, compressed(name)), caches.settings(name));
      cache = resolved;
    }
    return (Cache<K, V>) resolved;
  }

  /** {@code cache.<name>.compress} (default {@code cache.default.compress}, else false): store values packed. */
  private static boolean compressed(String name) {
    return dev.granular.cache.config.Settings.getBoolean(
        "cache." + name + ".compress", dev.granular.cache.config.Settings.getBoolean("cache.default.compress", false));
  }
}
