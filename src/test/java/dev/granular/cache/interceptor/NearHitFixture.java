package dev.granular.cache.interceptor;

import dev.granular.cache.key.ParametersCacheKey;
import dev.granular.cache.near.NearCacheSettings;
import dev.granular.cache.near.NearCaches;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.operation.NoBeans;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.EntryTags;
import java.time.Duration;
import java.util.Set;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/**
 * A {@code @CacheResult} interceptor whose {@code products} cache has a near copy of product 5, for
 * benchmarks of the whole near-hit path: operation lookup, switch, statistics, key generation and
 * the near lookup. The Redis side is an in-memory cache that the near hit never reaches.
 */
public final class NearHitFixture {

  private final CacheResultInterceptor interceptor = new CacheResultInterceptor();
  private final CacheStatisticsRegistry statistics = new CacheStatisticsRegistry();
  private final FakeInvocation call;

  public NearHitFixture(boolean near) {
    interceptor.operations =
        new CacheOperations(new NoBeans<>(), new InMemoryCacheResolverFactory());
    interceptor.statistics = statistics;
    Store store = new Store();
    call = new FakeInvocation(store, "find", 5L);
    if (near) {
      NearCaches caches =
          new NearCaches(
              name -> new NearCacheSettings(true, 10_000, Duration.ofMinutes(10)),
              NearCaches::connected);
      interceptor.near = caches;
      caches.offer(
          caches.of("products"),
          new ParametersCacheKey(new Object[] {5L}),
          "product 5",
          Set.of("product:5", "#products:5", "#products", EntryTags.ALL),
          caches.sequence(),
          Long.MAX_VALUE);
    }
  }

  /** One {@code find(5)} through the interceptor. */
  public Object call() throws Exception {
    return interceptor.cacheResult(call);
  }

  public long nearHits() {
    return statistics.of("products").snapshot().nearHits();
  }

  static class Store {
    @CacheResult(cacheName = "products")
    public String find(@CacheKey long id) {
      return "product " + id;
    }
  }
}
