package dev.granular.cache.hot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HotKeysTest {

  private static final Method METHOD = method();

  @Test
  void anInvalidationFindsTheKeysThatDependOnAnyOfItsTags() {
    HotKeys hot = new HotKeys(new HotKeySettings(100, Duration.ofMinutes(1)));
    HotKey first = key(1, "product:1", "category:7");
    HotKey second = key(2, "product:2", "category:7");
    HotKey third = key(3, "product:3", "category:8");
    hot.add(first);
    hot.add(second);
    hot.add(third);

    assertEquals(Set.of(first, second), hot.dependingOn(List.of("category:7")));
    assertEquals(Set.of(first), hot.dependingOn(List.of("product:1", "category:9")));
    assertEquals(
        Set.of(first, third), hot.dependingOn(List.of("product:1", "category:8", "product:3")));
    assertTrue(hot.dependingOn(List.of("user:1")).isEmpty());
  }

  @Test
  void aKeyIsRememberedOnceAndRetaggedWhenItsEntryDependsOnOtherTags() {
    HotKeys hot = new HotKeys(new HotKeySettings(100, Duration.ofMinutes(1)));
    HotKey first = key(1, "category:7", "product:1");
    hot.add(first);
    hot.add(key(1, "category:7", "product:9")); // already remembered: ignored
    assertSame(first, hot.read(1L));
    assertTrue(hot.dependingOn(List.of("product:9")).isEmpty());

    HotKey moved = first.withTags(List.of("category:7", "product:2"));
    hot.replace(first, moved);

    assertSame(moved, hot.read(1L));
    assertTrue(
        hot.dependingOn(List.of("product:1")).isEmpty(), "the old tag no longer leads to it");
    assertEquals(Set.of(moved), hot.dependingOn(List.of("product:2")));
    assertEquals(List.of("category:7", "product:2"), hot.indexedTags().stream().sorted().toList());
    hot.replace(first, first.withTags(List.of("product:3"))); // stale: the key was retagged since
    assertSame(moved, hot.read(1L));
  }

  @Test
  void theBoundKeepsAtMostMaxKeysAndDropsTheEvictedFromTheIndex() {
    HotKeys hot = new HotKeys(new HotKeySettings(10, Duration.ofMinutes(1)));
    for (long id = 0; id < 10; id++) {
      hot.add(key(id, "shelf"));
      for (int reads = 0; reads < 5; reads++) {
        hot.read(id); // read often: these are the hot ones
      }
    }
    for (long id = 10; id < 200; id++) {
      hot.add(key(id, "shelf", "once:" + id));
    }

    assertTrue(hot.size() <= 10, "bounded: " + hot.size());
    assertTrue(hot.dependingOn(List.of("shelf")).size() <= 10);
    long indexedOnce = hot.indexedTags().stream().filter(tag -> tag.startsWith("once:")).count();
    assertTrue(indexedOnce <= 10, "evicted keys left the index: " + indexedOnce);
  }

  @Test
  void aKeyNotServedWithinTheWindowIsNoLongerHot() {
    AtomicLong nanos = new AtomicLong();
    HotKeys hot = new HotKeys(new HotKeySettings(100, Duration.ofMillis(50)), nanos::get);
    hot.add(key(1, "product:1"));
    hot.add(key(2, "product:2"));
    for (int i = 0; i < 4; i++) {
      nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(30));
      assertNotNull(hot.read(2L), "kept hot by its reads, 30 ms apart");
    }

    assertNull(hot.read(1L), "120 ms without a read");
    assertFalse(hot.dependingOn(List.of("product:2")).isEmpty());
    assertTrue(hot.dependingOn(List.of("product:1")).isEmpty());
  }

  @Test
  void settingsAreOffUnlessAPositiveCountIsGiven() {
    assertFalse(HotKeySettings.of("hot-keys-test-unset").enabled());
    System.setProperty("cache.hot-keys-test.refresh-after-invalidation", "250");
    System.setProperty("cache.hot-keys-test.refresh-after-invalidation.window", "30s");
    try {
      assertEquals(
          new HotKeySettings(250, Duration.ofSeconds(30)), HotKeySettings.of("hot-keys-test"));
    } finally {
      System.clearProperty("cache.hot-keys-test.refresh-after-invalidation");
      System.clearProperty("cache.hot-keys-test.refresh-after-invalidation.window");
    }
  }

  private static HotKey key(long id, String... tags) {
    return new HotKey(
        id, List.of(tags), new BackgroundRead(new Object(), METHOD, new Object[] {id}));
  }

  private static Method method() {
    try {
      return Object.class.getMethod("toString");
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
