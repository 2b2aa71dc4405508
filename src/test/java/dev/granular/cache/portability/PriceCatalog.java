package dev.granular.cache.portability;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * A tiny cached bean, one method per JSR-107 annotation; its counters show how often each really
 * ran.
 */
@ApplicationScoped
@CacheDefaults(cacheName = PriceCatalog.CACHE)
public class PriceCatalog {

  /** Used by this test alone. */
  static final String CACHE = "portability-prices";

  private final Map<String, Price> prices = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final AtomicInteger updates = new AtomicInteger();
  private final AtomicInteger removals = new AtomicInteger();
  private final AtomicInteger clears = new AtomicInteger();

  /** Seeds the catalog behind the cache's back. */
  public void stock(Price price) {
    prices.put(price.sku(), price);
  }

  /** The price of {@code sku}, or null when the catalog has none. */
  @CacheResult
  public Price price(String sku) {
    lookups.incrementAndGet();
    return prices.get(sku);
  }

  @CachePut
  public void update(String sku, @CacheValue Price price) {
    updates.incrementAndGet();
    prices.put(sku, price);
  }

  @CacheRemove
  public void discontinue(String sku) {
    removals.incrementAndGet();
    prices.remove(sku);
  }

  @CacheRemoveAll
  public void reprice() {
    clears.incrementAndGet();
  }

  public int lookups() {
    return lookups.get();
  }

  public int updates() {
    return updates.get();
  }

  public int removals() {
    return removals.get();
  }

  public int clears() {
    return clears.get();
  }
}
