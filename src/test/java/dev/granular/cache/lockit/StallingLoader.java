package dev.granular.cache.lockit;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;

/**
 * A load whose first run stalls past the refill lock's lease ({@code
 * cache.it-lease.refill-lock.lease=1s} in arquillian.xml) and returns the older state; later runs
 * are quick and return the newer one.
 */
@ApplicationScoped
public class StallingLoader {

  private final AtomicInteger runs = new AtomicInteger();
  private volatile long stallMillis;

  public void stallNextRun(long millis) {
    stallMillis = millis;
  }

  @CacheResult(cacheName = "it-lease")
  public String load(String key) throws InterruptedException {
    int run = runs.incrementAndGet();
    long stall = stallMillis;
    stallMillis = 0;
    if (stall > 0) {
      Thread.sleep(stall);
      return "old-" + run;
    }
    return "new-" + run;
  }
}
