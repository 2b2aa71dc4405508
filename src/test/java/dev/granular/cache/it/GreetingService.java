package dev.granular.cache.it;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

/** A tiny cached bean whose counters show how often its methods really ran. */
@ApplicationScoped
@CacheDefaults(cacheName = "greetings")
public class GreetingService {

  private final AtomicInteger greetings = new AtomicInteger();
  private final AtomicInteger lookups = new AtomicInteger();

  @CacheResult
  public String greet(String name) {
    greetings.incrementAndGet();
    return "Hello, " + name;
  }

  @CacheRemove
  public void forget(String name) {}

  /**
   * Returns null, which JCache cannot hold: must not fail (Payara's interceptor throws an NPE
   * here).
   */
  @CacheResult
  public String nothingFor(String name) {
    lookups.incrementAndGet();
    return null;
  }

  public int greetings() {
    return greetings.get();
  }

  public int lookups() {
    return lookups.get();
  }
}
