package dev.granular.cache.interceptor;

import jakarta.interceptor.Interceptor;

/**
 * The order of the cache interceptors, all relative to {@link #BASE}: remove-all, then remove, then
 * put, then result, outermost first, so on a method with several annotations removals happen around
 * the put and the lookup.
 *
 * <p>{@code BASE} is below {@code @Transactional}'s priority ({@code PLATFORM_BEFORE + 200}): the
 * cache wraps the transaction, so a value is stored only after the transaction that read it ended
 * and an eviction after an invocation follows the commit of a transaction the method started
 * itself.
 */
public final class CacheInterceptorPriorities {

  public static final int BASE = Interceptor.Priority.PLATFORM_BEFORE + 100;
  public static final int REMOVE_ALL = BASE;
  public static final int REMOVE = BASE + 1;
  public static final int PUT = BASE + 2;
  public static final int RESULT = BASE + 3;

  private CacheInterceptorPriorities() {}
}
