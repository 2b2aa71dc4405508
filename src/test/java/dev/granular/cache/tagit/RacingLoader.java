package dev.granular.cache.tagit;

import dev.granular.cache.tag.CacheTags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;

/** A cached load that can be held half-way, so a test can invalidate its tag while it runs. */
@ApplicationScoped
public class RacingLoader {

  private final AtomicInteger loads = new AtomicInteger();
  private volatile CountDownLatch started = new CountDownLatch(0);
  private volatile CountDownLatch release = new CountDownLatch(0);

  public void holdNextLoad() {
    started = new CountDownLatch(1);
    release = new CountDownLatch(1);
  }

  public void awaitStarted() throws InterruptedException {
    started.await(10, TimeUnit.SECONDS);
  }

  public void release() {
    release.countDown();
  }

  @CacheResult(cacheName = "it-race")
  @CacheTags("race:{key}")
  public String load(String key) throws InterruptedException {
    String value = "v" + loads.incrementAndGet(); // the state read before the writer commits
    started.countDown();
    release.await(10, TimeUnit.SECONDS);
    return value;
  }

  public int loads() {
    return loads.get();
  }
}
