package dev.granular.bench;

import dev.granular.cache.lock.RefillLocked;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;

/**
 * Two cached loads that differ only in their refill lock: {@link #locked} runs with the library's
 * default lock, {@link #unlocked} with {@code @RefillLocked(enabled = false)}. Each load costs
 * {@link #loadMillis} of sleep and is counted, so the benchmark can tell how many loads really ran.
 */
@ApplicationScoped
public class BenchLoader {

  static final String LOCKED = "bench-locked";
  static final String UNLOCKED = "bench-unlocked";

  private final AtomicInteger lockedLoads = new AtomicInteger();
  private final AtomicInteger unlockedLoads = new AtomicInteger();
  private volatile long loadMillis;

  /** Sets what every later load costs. */
  public void loadMillis(long millis) {
    loadMillis = millis;
  }

  @CacheResult(cacheName = LOCKED)
  public String locked(String key) throws InterruptedException {
    lockedLoads.incrementAndGet();
    return load(key);
  }

  @CacheResult(cacheName = UNLOCKED)
  @RefillLocked(enabled = false)
  public String unlocked(String key) throws InterruptedException {
    unlockedLoads.incrementAndGet();
    return load(key);
  }

  public int lockedLoads() {
    return lockedLoads.get();
  }

  public int unlockedLoads() {
    return unlockedLoads.get();
  }

  private String load(String key) throws InterruptedException {
    long millis = loadMillis;
    if (millis > 0) {
      TimeUnit.MILLISECONDS.sleep(millis);
    }
    return "value-of-" + key;
  }
}
