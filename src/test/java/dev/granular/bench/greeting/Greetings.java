package dev.granular.bench.greeting;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.annotation.CacheResult;

/**
 * One cached method, the same in both deployments; {@link #calls} tells whether it was served from
 * the cache.
 */
@ApplicationScoped
public class Greetings {

  /** The cache of {@link #greetNear}, which the benchmark configures with a near cache. */
  public static final String NEAR_CACHE = "bench-greetings-near";

  private final AtomicLong calls = new AtomicLong();

  @CacheResult(cacheName = "bench-greetings")
  public String greet(String name) {
    calls.incrementAndGet();
    return "Hello, " + name;
  }

  /** The same greeting under a cache of its own, for a configuration with the near cache on. */
  @CacheResult(cacheName = NEAR_CACHE)
  public String greetNear(String name) {
    calls.incrementAndGet();
    return "Hello, " + name;
  }

  public long calls() {
    return calls.get();
  }
}
