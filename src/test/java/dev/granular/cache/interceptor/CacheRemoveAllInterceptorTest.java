package dev.granular.cache.interceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.granular.cache.key.ParametersCacheKey;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.operation.NoBeans;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheRemoveAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @CacheRemoveAll}: when the whole cache is emptied. */
class CacheRemoveAllInterceptorTest {

  private final InMemoryCacheResolverFactory caches = new InMemoryCacheResolverFactory();
  private final CacheStatisticsRegistry statistics = new CacheStatisticsRegistry();
  private final CacheRemoveAllInterceptor interceptor = new CacheRemoveAllInterceptor();
  private final InMemoryCache products = caches.cache("products");
  private final Catalog catalog = new Catalog(products);

  @BeforeEach
  void wire() {
    interceptor.operations = new CacheOperations(new NoBeans<>(), caches);
    interceptor.statistics = statistics;
    products.put(new ParametersCacheKey(new Object[] {5L}), "Dune");
    products.put(new ParametersCacheKey(new Object[] {6L}), "Emma");
  }

  @Test
  void theCacheIsEmptiedAfterTheMethodReturns() throws Exception {
    FakeInvocation call = new FakeInvocation(catalog, "reimport");

    interceptor.cacheRemoveAll(call);

    assertEquals(1, call.proceeds());
    assertEquals(2, catalog.entriesDuringCall);
    assertEquals(0, products.size());
    assertEquals(1, statistics.of("products").snapshot().removals());
  }

  @Test
  void aFailedCallRemovesNothing() {
    catalog.failure = new IllegalStateException("database down");

    assertThrows(
        IllegalStateException.class,
        () -> interceptor.cacheRemoveAll(new FakeInvocation(catalog, "reimport")));

    assertEquals(2, products.size());
  }

  @Test
  void anExceptionListedInEvictForStillEmptiesTheCache() {
    catalog.failure = new IllegalArgumentException("some rows rejected");

    assertThrows(
        IllegalArgumentException.class,
        () -> interceptor.cacheRemoveAll(new FakeInvocation(catalog, "reimportEvenIfRejected")));

    assertEquals(0, products.size());
  }

  @Test
  void anExceptionListedInNoEvictForRemovesNothing() {
    catalog.failure = new NumberFormatException("bad file version");

    assertThrows(
        NumberFormatException.class,
        () -> interceptor.cacheRemoveAll(new FakeInvocation(catalog, "reimportEvenIfRejected")));

    assertEquals(2, products.size());
  }

  @Test
  void beforeInvocationTheCacheIsEmptiedEvenIfTheMethodThenFails() {
    catalog.failure = new IllegalStateException("database down");

    assertThrows(
        IllegalStateException.class,
        () -> interceptor.cacheRemoveAll(new FakeInvocation(catalog, "reimportFirst")));

    assertEquals(0, catalog.entriesDuringCall);
    assertEquals(0, products.size());
  }

  @Test
  void theClassDefaultNamesTheCache() throws Exception {
    InMemoryCache featured = caches.cache("featured-products");
    featured.put(new ParametersCacheKey(new Object[] {5L}), "Dune");

    interceptor.cacheRemoveAll(new FakeInvocation(new FeaturedProducts(), "reset"));

    assertEquals(0, featured.size());
    assertEquals(2, products.size());
  }

  static class Catalog {
    private final InMemoryCache products;
    RuntimeException failure;
    int entriesDuringCall = -1;

    Catalog(InMemoryCache products) {
      this.products = products;
    }

    @CacheRemoveAll(cacheName = "products")
    void reimport() {
      run();
    }

    @CacheRemoveAll(
        cacheName = "products",
        evictFor = IllegalArgumentException.class,
        noEvictFor = NumberFormatException.class)
    void reimportEvenIfRejected() {
      run();
    }

    @CacheRemoveAll(cacheName = "products", afterInvocation = false)
    void reimportFirst() {
      run();
    }

    private void run() {
      entriesDuringCall = products.size();
      if (failure != null) {
        throw failure;
      }
    }
  }

  @CacheDefaults(cacheName = "featured-products")
  static class FeaturedProducts {
    @CacheRemoveAll
    void reset() {}
  }
}
