package dev.granular.cache.interceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.key.ParametersCacheKey;
import dev.granular.cache.operation.CacheOperations;
import dev.granular.cache.operation.NoBeans;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheRemove;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @CacheRemove}: when the entry of the generated key is removed, and which parameters form
 * that key.
 */
class CacheRemoveEntryInterceptorTest {

  private final InMemoryCacheResolverFactory caches = new InMemoryCacheResolverFactory();
  private final CacheStatisticsRegistry statistics = new CacheStatisticsRegistry();
  private final CacheRemoveEntryInterceptor interceptor = new CacheRemoveEntryInterceptor();
  private final InMemoryCache products = caches.cache("products");
  private final ProductStore store = new ProductStore(products);

  @BeforeEach
  void wire() {
    interceptor.operations = new CacheOperations(new NoBeans<>(), caches);
    interceptor.statistics = statistics;
    products.put(key(5L), "Dune");
    products.put(key(6L), "Emma");
  }

  @Test
  void theEntryIsRemovedAfterTheMethodReturns() throws Exception {
    FakeInvocation call = new FakeInvocation(store, "delete", 5L);

    interceptor.cacheRemove(call);

    assertEquals(1, call.proceeds());
    assertTrue(store.presentDuringCall);
    assertFalse(products.containsKey(key(5L)));
    assertTrue(products.containsKey(key(6L)));
    assertEquals(1, statistics.of("products").snapshot().removals());
  }

  @Test
  void aFailedCallRemovesNothing() {
    store.failure = new IllegalStateException("database down");

    assertThrows(
        IllegalStateException.class,
        () -> interceptor.cacheRemove(new FakeInvocation(store, "delete", 5L)));

    assertTrue(products.containsKey(key(5L)));
  }

  @Test
  void anExceptionListedInEvictForStillRemovesTheEntry() {
    store.failure = new IllegalArgumentException("already deleted");

    assertThrows(
        IllegalArgumentException.class,
        () -> interceptor.cacheRemove(new FakeInvocation(store, "deleteEvenIfRejected", 5L)));

    assertFalse(products.containsKey(key(5L)));
  }

  @Test
  void anExceptionListedInNoEvictForRemovesNothing() {
    store.failure = new NumberFormatException("bad product number");

    assertThrows(
        NumberFormatException.class,
        () -> interceptor.cacheRemove(new FakeInvocation(store, "deleteEvenIfRejected", 5L)));

    assertTrue(products.containsKey(key(5L)));
  }

  @Test
  void beforeInvocationTheEntryIsRemovedEvenIfTheMethodThenFails() {
    store.failure = new IllegalStateException("database down");

    assertThrows(
        IllegalStateException.class,
        () -> interceptor.cacheRemove(new FakeInvocation(store, "deleteFirst", 5L)));

    assertFalse(store.presentDuringCall);
    assertFalse(products.containsKey(key(5L)));
  }

  @Test
  void cacheKeyParametersAloneFormTheKey() throws Exception {
    interceptor.cacheRemove(new FakeInvocation(store, "recall", 5L, "contaminated"));

    assertFalse(products.containsKey(key(5L)));
    assertTrue(products.containsKey(key(6L)));
  }

  @Test
  void theClassDefaultNamesTheCache() throws Exception {
    InMemoryCache featured = caches.cache("featured-products");
    featured.put(key(5L), "Dune");

    interceptor.cacheRemove(new FakeInvocation(new FeaturedProducts(), "unfeature", 5L));

    assertFalse(featured.containsKey(key(5L)));
    assertTrue(products.containsKey(key(5L)));
  }

  private static ParametersCacheKey key(Object... parameters) {
    return new ParametersCacheKey(parameters);
  }

  static class ProductStore {
    private final InMemoryCache products;
    RuntimeException failure;
    boolean presentDuringCall;

    ProductStore(InMemoryCache products) {
      this.products = products;
    }

    @CacheRemove(cacheName = "products")
    void delete(long id) {
      run(id);
    }

    @CacheRemove(
        cacheName = "products",
        evictFor = IllegalArgumentException.class,
        noEvictFor = NumberFormatException.class)
    void deleteEvenIfRejected(long id) {
      run(id);
    }

    @CacheRemove(cacheName = "products", afterInvocation = false)
    void deleteFirst(long id) {
      run(id);
    }

    @CacheRemove(cacheName = "products")
    void recall(@CacheKey long id, String reason) {}

    private void run(long id) {
      presentDuringCall = products.containsKey(new ParametersCacheKey(new Object[] {id}));
      if (failure != null) {
        throw failure;
      }
    }
  }

  @CacheDefaults(cacheName = "featured-products")
  static class FeaturedProducts {
    @CacheRemove
    void unfeature(long id) {}
  }
}
