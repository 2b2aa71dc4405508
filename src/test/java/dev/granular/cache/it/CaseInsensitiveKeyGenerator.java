package dev.granular.cache.it;

import dev.granular.cache.key.ParametersCacheKey;
import java.lang.annotation.Annotation;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/** A custom key generator that is not a CDI bean: created once through its constructor. */
public class CaseInsensitiveKeyGenerator implements CacheKeyGenerator {

  public static final AtomicInteger INSTANCES = new AtomicInteger();

  public CaseInsensitiveKeyGenerator() {
    INSTANCES.incrementAndGet();
  }

  @Override
  public GeneratedCacheKey generateCacheKey(
      CacheKeyInvocationContext<? extends Annotation> context) {
    String key = String.valueOf(context.getKeyParameters()[0].getValue());
    return new ParametersCacheKey(new Object[] {key.toLowerCase()});
  }
}
