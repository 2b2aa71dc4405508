package dev.granular.cache.redis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * The library's default {@link CacheResolverFactory}: every cache name maps to a {@link JsonCache}
 * view of the Redis cache of that name, typed by what the method caches (its return type for
 * {@code @CacheResult}, its {@code @CacheValue} parameter for {@code @CachePut}), so values come
 * back from JSON as the method's own type.
 */
@ApplicationScoped
public class RedisCacheResolverFactory implements CacheResolverFactory {

  private RedisCacheManager caches;

  protected RedisCacheResolverFactory() {}

  @Inject
  public RedisCacheResolverFactory(RedisCacheManager caches) {
    this.caches = caches;
  }

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    return new RedisCacheResolver(caches, details.getCacheName(), valueType(details));
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    return new RedisCacheResolver(
        caches, details.getCacheAnnotation().exceptionCacheName(), CachedException.class);
  }

  private static Type valueType(CacheMethodDetails<? extends Annotation> details) {
    Method method = details.getMethod();
    if (details.getCacheAnnotation() instanceof CacheResult) {
      return method.getGenericReturnType();
    }
    if (details.getCacheAnnotation() instanceof CachePut) {
      Annotation[][] annotations = method.getParameterAnnotations();
      for (int i = 0; i < annotations.length; i++) {
        if (Arrays.stream(annotations[i]).anyMatch(CacheValue.class::isInstance)) {
          return method.getGenericParameterTypes()[i];
        }
      }
    }
    return Object.class;
  }
}
