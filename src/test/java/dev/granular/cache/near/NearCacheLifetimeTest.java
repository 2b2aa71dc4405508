package dev.granular.cache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.granular.cache.tag.EntryTags;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A near copy is served for the near TTL at most, and never longer than its Redis entry had left
 * when it was copied: the cache's TTL (and a remembered null's shorter one) holds for the near
 * cache too.
 */
class NearCacheLifetimeTest {

  private static final Set<String> TAGS = Set.of("product:1", "#products:1", EntryTags.ALL);

  private final AtomicLong now = new AtomicLong();
  private final NearCache near =
      new NearCache("products", new NearCacheSettings(true, 100, Duration.ofMinutes(1)), now::get);

  @Test
  void aCopyWhoseEntryLivesLongerThanTheNearTtlLivesTheNearTtl() {
    assertServedFor(Long.MAX_VALUE, Duration.ofMinutes(1));
  }

  @Test
  void aCopyDoesNotOutliveItsRedisEntry() {
    assertServedFor(
        TimeUnit.SECONDS.toNanos(5), Duration.ofSeconds(5)); // its entry had 5 s left when read
  }

  private void assertServedFor(long lifetimeNanos, Duration life) {
    near.put(1L, "one", TAGS, lifetimeNanos);
    elapse(life.minusNanos(1));
    assertEquals("one", near.get(1L));
    elapse(Duration.ofNanos(1));
    assertNull(near.get(1L), "gone after " + life);
  }

  @Test
  void aCopyOfAnEntryWithNothingLeftIsNotKept() {
    near.put(1L, "one", TAGS, 0);
    assertNull(near.get(1L));
  }

  @Test
  void aReplacingCopyLivesItsOwnLifetime() {
    near.put(1L, "old", TAGS, TimeUnit.SECONDS.toNanos(2));
    elapse(Duration.ofSeconds(1));
    near.put(1L, "new", TAGS, TimeUnit.SECONDS.toNanos(30)); // reloaded: a new entry
    elapse(Duration.ofSeconds(5));
    assertEquals("new", near.get(1L), "not the old copy's 2 s");
    elapse(Duration.ofSeconds(25));
    assertNull(near.get(1L));
  }

  @Test
  void readingACopyDoesNotExtendIt() {
    near.put(1L, "one", TAGS, TimeUnit.SECONDS.toNanos(5));
    for (int i = 0; i < 4; i++) {
      elapse(Duration.ofSeconds(1));
      assertEquals("one", near.get(1L));
    }
    elapse(Duration.ofSeconds(1));
    assertNull(near.get(1L));
  }

  private void elapse(Duration duration) {
    now.addAndGet(duration.toNanos());
  }
}
