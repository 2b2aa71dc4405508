package dev.granular.cache.topology;

import dev.granular.cache.tag.CacheTags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * A cached bean whose cache is partitioned ({@code cache.portability-shelf.partitions} set by its
 * test).
 */
@ApplicationScoped
public class PartitionedShelf {

  static final String CACHE = "portability-shelf";

  private final AtomicInteger loads = new AtomicInteger();
  private volatile long loadMillis;

  @CacheResult(cacheName = CACHE)
  @CacheTags("shelf-item:{item}")
  public String item(@CacheKey String item) {
    loads.incrementAndGet();
    if (loadMillis > 0) {
      try {
        Thread.sleep(loadMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return "item " + item + " #" + loads.get();
  }

  @CacheRemoveAll(cacheName = CACHE)
  public void clear() {}

  int loads() {
    return loads.get();
  }

  void slowLoads(long millis) {
    loadMillis = millis;
  }
}
