package dev.granular.cache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.tag.EntryTags;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The near cache's rules without Redis: tag index, refused racing fills, clearing when the channel
 * drops.
 */
class NearCachesTest {

  private final NearCaches caches =
      new NearCaches(
          name ->
              name.equals("products")
                  ? new NearCacheSettings(true, 100, Duration.ofMinutes(1))
                  : NearCacheSettings.OFF,
          NearCaches::connected);
  private NearCache products;

  @BeforeEach
  void connect() {
    products = caches.of("products");
  }

  private static Set<String> tags(long id) {
    return Set.of("product:" + id, "#products:" + id, EntryTags.ofCache("products"), EntryTags.ALL);
  }

  private boolean fill(long id, String value) {
    long since = caches.sequence();
    return caches.offer(products, id, value, tags(id), since, Long.MAX_VALUE);
  }

  @Test
  void onlyConfiguredCachesHaveANearCache() {
    assertNull(caches.of("users"));
    assertEquals(Set.of("products"), caches.active().keySet());
  }

  @Test
  void aTagInvalidationEvictsExactlyItsDependents() {
    assertTrue(fill(1, "one"));
    assertTrue(fill(2, "two"));

    caches.invalidated(List.of("product:1"));

    assertNull(products.get(1L));
    assertEquals("two", products.get(2L));
    assertEquals(1, products.indexedTags() / 2, "only product 2's tags stay indexed");
  }

  @Test
  void theEntryTagOfAPutOrRemoveEvictsTheEntry() {
    assertTrue(fill(1, "one"));

    caches.invalidated(List.of("#products:1"));

    assertNull(products.get(1L));
    assertEquals(0, products.indexedTags());
  }

  @Test
  void theCacheTagAndAllClearEverything() {
    fill(1, "one");
    fill(2, "two");
    caches.invalidated(List.of(EntryTags.ofCache("products")));
    assertEquals(0, products.size());

    fill(3, "three");
    caches.invalidated(List.of(EntryTags.ALL));
    assertNull(products.get(3L));
  }

  @Test
  void aFillIsRefusedWhenItsTagsWereInvalidatedAfterTheReadStarted() {
    long since = caches.sequence();
    caches.invalidated(
        List.of("product:1")); // arrives while the Redis read of product 1 is on its way

    assertFalse(caches.offer(products, 1L, "old one", tags(1), since, Long.MAX_VALUE));
    assertNull(products.get(1L));
  }

  @Test
  void aFillIsKeptWhenOnlyOtherTagsWereInvalidatedMeanwhile() {
    long since = caches.sequence();
    caches.invalidated(List.of("product:2"));

    assertTrue(caches.offer(products, 1L, "one", tags(1), since, Long.MAX_VALUE));
    assertEquals("one", products.get(1L));
  }

  @Test
  void aFillIsRefusedAfterAResetOrWhileDisconnected() {
    long since = caches.sequence();
    caches.disconnected("test");
    assertFalse(
        caches.offer(products, 1L, "one", tags(1), caches.sequence(), Long.MAX_VALUE),
        "nothing kept while disconnected");

    caches.connected();
    assertFalse(
        caches.offer(products, 1L, "one", tags(1), since, Long.MAX_VALUE), "read before the reset");
    assertTrue(fill(1, "one"));
  }

  @Test
  void losingTheChannelClearsEverything() {
    fill(1, "one");
    fill(2, "two");

    caches.disconnected("subscription ended");

    assertEquals(0, products.size());
    assertEquals(0, products.indexedTags());
    assertFalse(caches.isConnected());
  }

  @Test
  void aFillOlderThanTheRememberedInvalidationsIsRefused() {
    long since = caches.sequence();
    for (int i = 0; i < 5000; i++) {
      caches.invalidated(List.of("product:" + (1000 + i)));
    }
    assertFalse(caches.offer(products, 1L, "one", tags(1), since, Long.MAX_VALUE));
  }

  @Test
  void valuesWithoutTheAllTagAreNotCopied() {
    // stale protection off: removals and outage recovery would not reach the copy
    assertFalse(
        caches.offer(products, 1L, "one", Set.of("product:1"), caches.sequence(), Long.MAX_VALUE));
  }

  @Test
  void evictionBySizeLeavesTheTagIndex() {
    NearCaches small =
        new NearCaches(
            name -> new NearCacheSettings(true, 10, Duration.ofMinutes(1)), NearCaches::connected);
    NearCache cache = small.of("products");
    for (long id = 0; id < 200; id++) {
      small.offer(cache, id, "v" + id, tags(id), small.sequence(), Long.MAX_VALUE);
    }
    cache.cleanUp();

    assertTrue(cache.size() <= 10, "size " + cache.size());
    assertTrue(
        cache.indexedTags() <= 2 * cache.size(),
        "index " + cache.indexedTags() + " for " + cache.size());
  }

  @Test
  void aCopyTheSizeBoundRefusesAtOnceLeavesNoTraceInTheIndex() {
    NearCaches small =
        new NearCaches(
            name -> new NearCacheSettings(true, 10, Duration.ofMinutes(1)), NearCaches::connected);
    NearCache cache = small.of("products");
    for (long id = 0; id < 10; id++) {
      small.offer(cache, id, "v" + id, tags(id), small.sequence(), Long.MAX_VALUE);
      for (int reads = 0; reads < 5; reads++) {
        cache.get(id); // read often: newcomers read never are refused in their favour
      }
    }
    for (long id = 10; id < 200; id++) {
      small.offer(cache, id, "v" + id, tags(id), small.sequence(), Long.MAX_VALUE);
    }
    cache.cleanUp();

    assertTrue(
        cache.indexedTags() <= 2 * cache.size(),
        "index " + cache.indexedTags() + " for " + cache.size());
  }

  @Test
  void aReplacedCopyIsIndexedByItsNewTagsOnly() {
    caches.offer(
        products,
        1L,
        "one",
        Set.of("category:1", "#products:1", EntryTags.ALL),
        caches.sequence(),
        Long.MAX_VALUE);
    caches.offer(
        products,
        1L,
        "one moved",
        Set.of("category:2", "#products:1", EntryTags.ALL),
        caches.sequence(),
        Long.MAX_VALUE);

    caches.invalidated(List.of("category:1"));
    assertEquals("one moved", products.get(1L));
    caches.invalidated(List.of("category:2"));
    assertNull(products.get(1L));
  }
}
