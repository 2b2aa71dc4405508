package dev.granular.cache.key;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The spec's default key generator: the key is made of the parameters annotated {@code @CacheKey},
 * or of every parameter not annotated {@code @CacheValue} when none is. The context already
 * selected them.
 */
public final class DefaultCacheKeyGenerator implements CacheKeyGenerator {

  @Override
  public GeneratedCacheKey generateCacheKey(
      CacheKeyInvocationContext<? extends Annotation> context) {
    CacheInvocationParameter[] parameters = context.getKeyParameters();
    Object[] values = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      values[i] = parameters[i].getValue();
    }
    return new ParametersCacheKey(values);
  }
}
