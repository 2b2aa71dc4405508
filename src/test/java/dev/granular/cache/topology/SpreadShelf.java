package dev.granular.cache.topology;

import dev.granular.cache.tag.CacheTags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/**
 * The same cached method over two caches: {@code topo-spread}, partitioned ({@code
 * cache.topo-spread.partitions} set by its test), and {@code topo-one}, one hash; the counter
 * proves how often a method really ran.
 */
@ApplicationScoped
public class SpreadShelf {

  static final String SPREAD = "topo-spread";
  static final String ONE = "topo-one";

  private final AtomicInteger loads = new AtomicInteger();

  @CacheResult(cacheName = SPREAD)
  @CacheTags("spread:{key}")
  public String spread(@CacheKey String key) {
    loads.incrementAndGet();
    return "value of " + key;
  }

  @CacheResult(cacheName = ONE)
  @CacheTags("spread:{key}")
  public String one(@CacheKey String key) {
    loads.incrementAndGet();
    return "value of " + key;
  }

  int loads() {
    return loads.get();
  }
}
