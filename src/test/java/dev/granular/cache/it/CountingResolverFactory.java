package dev.granular.cache.it;

import dev.granular.cache.redis.RedisCacheResolverFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/** A custom resolver factory that is a CDI bean: used as the bean, asked once per method. */
@ApplicationScoped
public class CountingResolverFactory implements CacheResolverFactory {

  public static final AtomicInteger RESOLVERS = new AtomicInteger();

  @Inject RedisCacheResolverFactory delegate;

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    RESOLVERS.incrementAndGet();
    return delegate.getCacheResolver(details);
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    return delegate.getExceptionCacheResolver(details);
  }
}
