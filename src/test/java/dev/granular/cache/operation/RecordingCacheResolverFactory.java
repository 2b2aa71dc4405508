package dev.granular.cache.operation;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/** A resolver factory that records the method details it was asked about and resolves no cache. */
final class RecordingCacheResolverFactory implements CacheResolverFactory {

  static final CacheResolver NO_CACHE = new NoCache();

  final List<CacheMethodDetails<?>> details = new ArrayList<>();
  final List<CacheMethodDetails<CacheResult>> exceptionDetails = new ArrayList<>();

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> method) {
    details.add(method);
    return NO_CACHE;
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> method) {
    exceptionDetails.add(method);
    return NO_CACHE;
  }

  private static final class NoCache implements CacheResolver {
    @Override
    public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
      return null;
    }
  }
}
