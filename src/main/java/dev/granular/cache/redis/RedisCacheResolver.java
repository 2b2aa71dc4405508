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
      resolved = caches.jsonView(name, valueType, null);
      cache = resolved;
    }
    return (Cache<K, V>) resolved;
  }
}
