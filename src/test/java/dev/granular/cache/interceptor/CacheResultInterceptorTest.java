package dev.granular.cache.interceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.granular.cache.key.ParametersCacheKey;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.operation.NoBeans;
import dev.granular.cache.redis.CachedException;
import dev.granular.cache.stats.CacheStatistics;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @CacheResult}: lookups, stores, remembered exceptions, statistics and a failing cache. */
class CacheResultInterceptorTest {

  private final InMemoryCacheResolverFactory caches = new InMemoryCacheResolverFactory();
  private final CacheStatisticsRegistry statistics = new CacheStatisticsRegistry();
  private final CacheResultInterceptor interceptor = new CacheResultInterceptor();
  private final ProductStore store = new ProductStore();

  @BeforeEach
  void wire() {
    interceptor.operations = new CacheOperations(new NoBeans<>(), caches);
    interceptor.statistics = statistics;
  }

  @Test
  void aMissRunsTheMethodAndStoresItsResult() throws Exception {
    FakeInvocation call = new FakeInvocation(store, "find", 5L);

    assertEquals("product 5", interceptor.cacheResult(call));

    assertEquals(1, call.proceeds());
    assertEquals("product 5", caches.cache("products").get(key(5L)));
  }

  @Test
  void aHitReturnsTheCachedValueWithoutRunningTheMethod() throws Exception {
    caches.cache("products").put(key(5L), "cached product 5");
    FakeInvocation call = new FakeInvocation(store, "find", 5L);

    assertEquals("cached product 5", interceptor.cacheResult(call));

    assertEquals(0, call.proceeds());
  }

  @Test
  void skipGetAlwaysRunsTheMethodAndStoresItsResult() throws Exception {
    caches.cache("products").put(key(5L), "stale product 5");
    FakeInvocation call = new FakeInvocation(store, "refresh", 5L);

    assertEquals("fresh product 5", interceptor.cacheResult(call));
    assertEquals("fresh product 5", interceptor.cacheResult(call));

    assertEquals(2, call.proceeds());
    assertEquals("fresh product 5", caches.cache("products").get(key(5L)));
  }

  @Test
  void aNullResultIsReturnedButNotStoredInACacheWithoutNullSupport() throws Exception {
    FakeInvocation call = new FakeInvocation(store, "findRetired", 5L);

    assertNull(interceptor.cacheResult(call));
    assertNull(interceptor.cacheResult(call));

    assertEquals(2, call.proceeds());
    assertFalse(caches.cache("products").containsKey(key(5L)));
  }

  @Test
  void aCachedExceptionIsRethrownWithoutRunningTheMethod() {
    store.failure = new IllegalArgumentException("no product 7");
    FakeInvocation call = new FakeInvocation(store, "findOrFail", 7L);

    IllegalArgumentException first =
        assertThrows(IllegalArgumentException.class, () -> interceptor.cacheResult(call));
    IllegalArgumentException again =
        assertThrows(IllegalArgumentException.class, () -> interceptor.cacheResult(call));

    assertEquals(1, call.proceeds());
    assertEquals(IllegalArgumentException.class, again.getClass());
    assertEquals("no product 7", again.getMessage());
    assertNotSame(first, again, "rebuilt from its class name and message");
    assertEquals(
        new CachedException(IllegalArgumentException.class.getName(), "no product 7"),
        caches.cache("product-failures").get(key(7L)));
    assertFalse(caches.cache("products").containsKey(key(7L)));
  }

  @Test
  void anExceptionListedInNonCachedExceptionsIsNotRemembered() {
    store.failure = new NumberFormatException("bad product number 7");
    FakeInvocation call = new FakeInvocation(store, "findOrFail", 7L);

    assertThrows(NumberFormatException.class, () -> interceptor.cacheResult(call));
    assertThrows(NumberFormatException.class, () -> interceptor.cacheResult(call));

    assertEquals(2, call.proceeds());
    assertFalse(caches.cache("product-failures").containsKey(key(7L)));
  }

  @Test
  void hitsMissesLoadsAndPutsAreCounted() throws Exception {
    FakeInvocation call = new FakeInvocation(store, "find", 5L);

    interceptor.cacheResult(call);
    interceptor.cacheResult(call);

    CacheStatistics counted = statistics.of("products").snapshot();
    assertEquals(1, counted.hits());
    assertEquals(1, counted.misses());
    assertEquals(1, counted.loads());
    assertEquals(1, counted.puts());
    assertEquals(0, counted.errors());
  }

  @Test
  void aFailingCacheLetsEveryCallRunTheMethodAndCountsTheErrors() throws Exception {
    caches.replace(new FailingCache("products"));
    FakeInvocation call = new FakeInvocation(store, "find", 5L);

    assertEquals("product 5", interceptor.cacheResult(call));
    assertEquals("product 5", interceptor.cacheResult(call));

    assertEquals(2, call.proceeds());
    CacheStatistics counted = statistics.of("products").snapshot();
    assertEquals(4, counted.errors(), "a failed get and a failed put per call");
    assertEquals(2, counted.loads());
    assertEquals(0, counted.hits());
    assertEquals(0, counted.puts());
  }

  @Test
  void theClassDefaultNamesTheCache() throws Exception {
    interceptor.cacheResult(new FakeInvocation(new FeaturedProducts(), "find", 5L));

    assertEquals("featured product 5", caches.cache("featured-products").get(key(5L)));
  }

  private static ParametersCacheKey key(Object... parameters) {
    return new ParametersCacheKey(parameters);
  }

  static class ProductStore {
    RuntimeException failure;

    @CacheResult(cacheName = "products")
    String find(long id) {
      return "product " + id;
    }

    @CacheResult(cacheName = "products", skipGet = true)
    String refresh(long id) {
      return "fresh product " + id;
    }

    @CacheResult(cacheName = "products")
    String findRetired(long id) {
      return null;
    }

    @CacheResult(
        cacheName = "products",
        exceptionCacheName = "product-failures",
        cachedExceptions = IllegalArgumentException.class,
        nonCachedExceptions = NumberFormatException.class)
    String findOrFail(long id) {
      throw failure;
    }
  }

  @CacheDefaults(cacheName = "featured-products")
  static class FeaturedProducts {
    @CacheResult
    String find(long id) {
      return "featured product " + id;
    }
  }
}
