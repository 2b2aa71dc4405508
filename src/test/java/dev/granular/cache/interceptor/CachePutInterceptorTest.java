package dev.granular.cache.interceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.granular.cache.key.ParametersCacheKey;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.operation.NoBeans;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @CachePut}: when the {@code @CacheValue} is stored, under which key, and what a null value
 * does.
 */
class CachePutInterceptorTest {

  private final InMemoryCacheResolverFactory caches = new InMemoryCacheResolverFactory();
  private final CacheStatisticsRegistry statistics = new CacheStatisticsRegistry();
  private final CachePutInterceptor interceptor = new CachePutInterceptor();
  private final InMemoryCache products = caches.cache("products");
  private final ProductStore store = new ProductStore(products);

  @BeforeEach
  void wire() {
    interceptor.operations = new CacheOperations(new NoBeans<>(), caches);
    interceptor.statistics = statistics;
  }

  @Test
  void theValueIsStoredAfterTheMethodReturns() throws Exception {
    FakeInvocation call = new FakeInvocation(store, "update", 5L, "Dune");

    interceptor.cachePut(call);

    assertEquals(1, call.proceeds());
    assertNull(store.entryDuringCall);
    assertEquals("Dune", products.get(key(5L)));
    assertEquals(1, statistics.of("products").snapshot().puts());
  }

  @Test
  void aFailedCallStoresNothing() {
    store.failure = new IllegalStateException("database down");

    assertThrows(
        IllegalStateException.class,
        () -> interceptor.cachePut(new FakeInvocation(store, "update", 5L, "Dune")));

    assertFalse(products.containsKey(key(5L)));
  }

  @Test
  void anExceptionListedInCacheForStillStoresTheValue() {
    store.failure = new IllegalArgumentException("price not confirmed");

    assertThrows(
        IllegalArgumentException.class,
        () -> interceptor.cachePut(new FakeInvocation(store, "updateEvenIfRejected", 5L, "Dune")));

    assertEquals("Dune", products.get(key(5L)));
  }

  @Test
  void anExceptionListedInNoCacheForStoresNothing() {
    store.failure = new NumberFormatException("bad price");

    assertThrows(
        NumberFormatException.class,
        () -> interceptor.cachePut(new FakeInvocation(store, "updateEvenIfRejected", 5L, "Dune")));

    assertFalse(products.containsKey(key(5L)));
  }

  @Test
  void beforeInvocationTheValueIsStoredEvenIfTheMethodThenFails() {
    store.failure = new IllegalStateException("database down");

    assertThrows(
        IllegalStateException.class,
        () -> interceptor.cachePut(new FakeInvocation(store, "updateFirst", 5L, "Dune")));

    assertEquals("Dune", store.entryDuringCall);
    assertEquals("Dune", products.get(key(5L)));
  }

  @Test
  void aNullValueRemovesTheEntry() throws Exception {
    products.put(key(5L), "Dune");

    interceptor.cachePut(new FakeInvocation(store, "update", 5L, null));

    assertFalse(products.containsKey(key(5L)));
    assertEquals(1, statistics.of("products").snapshot().removals());
  }

  @Test
  void theKeyIsEveryParameterButTheValue() throws Exception {
    interceptor.cachePut(new FakeInvocation(store, "translate", 5L, "Der Wüstenplanet", "de"));

    assertEquals("Der Wüstenplanet", products.get(key(5L, "de")));
    assertEquals(1, products.size());
  }

  @Test
  void theClassDefaultNamesTheCache() throws Exception {
    interceptor.cachePut(new FakeInvocation(new FeaturedProducts(), "feature", 5L, "Dune"));

    assertEquals("Dune", caches.cache("featured-products").get(key(5L)));
  }

  private static ParametersCacheKey key(Object... parameters) {
    return new ParametersCacheKey(parameters);
  }

  static class ProductStore {
    private final InMemoryCache products;
    RuntimeException failure;
    Object entryDuringCall;

    ProductStore(InMemoryCache products) {
      this.products = products;
    }

    @CachePut(cacheName = "products")
    void update(long id, @CacheValue String product) {
      run(id);
    }

    @CachePut(
        cacheName = "products",
        cacheFor = IllegalArgumentException.class,
        noCacheFor = NumberFormatException.class)
    void updateEvenIfRejected(long id, @CacheValue String product) {
      run(id);
    }

    @CachePut(cacheName = "products", afterInvocation = false)
    void updateFirst(long id, @CacheValue String product) {
      run(id);
    }

    @CachePut(cacheName = "products")
    void translate(long id, @CacheValue String title, String language) {}

    private void run(long id) {
      entryDuringCall = products.get(new ParametersCacheKey(new Object[] {id}));
      if (failure != null) {
        throw failure;
      }
    }
  }

  @CacheDefaults(cacheName = "featured-products")
  static class FeaturedProducts {
    @CachePut
    void feature(long id, @CacheValue String product) {}
  }
}
