package dev.granular.cache.interceptor;

import dev.granular.cache.operation.ExceptionFilter;
import jakarta.interceptor.InvocationContext;

/**
 * The timing rule that {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll} share:
 * with {@code afterInvocation = false} the cache work runs before the method; otherwise after it
 * returns, or after it throws an exception that {@code onFailure} matches (the annotation's {@code
 * cacheFor}/{@code evictFor} lists).
 */
final class AroundInvocation {

  private AroundInvocation() {}

  static Object proceed(
      InvocationContext context,
      boolean afterInvocation,
      ExceptionFilter onFailure,
      Runnable cacheWork)
      throws Exception {
    if (!afterInvocation) {
      cacheWork.run();
      return context.proceed();
    }
    Object result;
    try {
      result = context.proceed();
    } catch (Exception | Error thrown) {
      if (onFailure.matches(thrown)) {
        cacheWork.run();
      }
      throw thrown;
    }
    cacheWork.run();
    return result;
  }
}
