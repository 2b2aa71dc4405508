package dev.granular.cache.tagit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tag.Invalidation;
import dev.granular.cache.tag.TagInvalidations;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.catalog.categories.control.CategoryStore;
import dev.granular.catalog.categories.entity.CategoryInput;
import dev.granular.catalog.products.control.ProductStore;
import dev.granular.catalog.products.entity.ProductInput;
import dev.granular.support.Deployments;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside Payara Micro: tag invalidation follows the transaction's outcome and wins every race with
 * a store.
 */
@ExtendWith(ArquillianExtension.class)
class TagInvalidationIT {

  @Deployment
  static WebArchive deployment() {
    return Deployments.application("tags").addClasses(ProductWrites.class, RacingLoader.class);
  }

  @Inject ProductStore products;
  @Inject CategoryStore categories;
  @Inject ProductWrites writes;
  @Inject RacingLoader racing;
  @Inject TagInvalidations invalidations;
  @Inject CacheStatisticsRegistry statistics;
  @Inject TagRegistry registry;

  private long category() {
    return categories.create(new CategoryInput("Tags " + System.nanoTime())).id();
  }

  private long loads(String cache) {
    return statistics.of(cache).snapshot().loads();
  }

  @Test
  void updateVoidsEveryTaggedEntryAfterCommit() {
    long category = category();
    long id =
        products.create(new ProductInput("Lamp", null, new BigDecimal("20.00"), category)).id();
    products.find(id);
    products.inCategory(category);
    long productLoads = loads("products");
    long listingLoads = loads("category-products");

    products.update(id, new ProductInput("Lamp", null, new BigDecimal("25.00"), category));

    assertEquals("25.00", products.find(id).price());
    assertEquals("25.00", products.inCategory(category).get(0).price());
    assertEquals(
        productLoads,
        loads("products"),
        "the old product entry was void; the new one written through");
    assertEquals(
        listingLoads + 1,
        loads("category-products"),
        "the tag voided the listing of the other cache");
  }

  @Test
  void rollbackVoidsNothing() {
    long category = category();
    long id =
        products.create(new ProductInput("Desk", null, new BigDecimal("100.00"), category)).id();
    products.find(id);
    products.inCategory(category);
    long productLoads = loads("products");
    long listingLoads = loads("category-products");

    assertThrows(
        IllegalStateException.class,
        () ->
            writes.updateThenFail(
                id, new ProductInput("Desk", null, new BigDecimal("1.00"), category)));

    assertEquals("100.00", products.find(id).price());
    assertEquals("100.00", products.inCategory(category).get(0).price());
    assertEquals(productLoads, loads("products"), "still served from the cache");
    assertEquals(listingLoads, loads("category-products"), "still served from the cache");
  }

  @Test
  void readInsideTheWritingTransactionIsNotCached() {
    long category = category();
    long id =
        products.create(new ProductInput("Chair", null, new BigDecimal("50.00"), category)).id();
    products.find(id);

    long putsBefore = statistics.of("products").snapshot().puts();
    long loadsBefore = loads("products");
    assertEquals(
        "55.00",
        writes
            .updateThenRead(id, new ProductInput("Chair", null, new BigDecimal("55.00"), category))
            .price());
    assertEquals(
        loadsBefore + 1, loads("products"), "the read inside the transaction bypassed the cache");
    assertEquals(
        putsBefore + 1,
        statistics.of("products").snapshot().puts(),
        "one put: the update's write-through after commit; nothing was stored from inside the transaction");

    long before = loads("products");
    assertEquals("55.00", products.find(id).price());
    assertEquals(before, loads("products"), "the committed value was written through");
  }

  @Test
  void aReadThatMissesWhileAnUpdateCommitsWaitsForTheWrittenValueInsteadOfLoading()
      throws Exception {
    long category = category();
    // Created, never read: the first read of it misses.
    long id =
        products.create(new ProductInput("Shelf", null, new BigDecimal("30.00"), category)).id();
    long loadsBefore = loads("products");
    long waitsBefore = statistics.of("products").snapshot().lockWaits();
    CompletableFuture<String> reader = new CompletableFuture<>();

    writes.updateThen(
        id,
        new ProductInput("Shelf", null, new BigDecimal("35.00"), category),
        () -> {
          Thread read =
              new Thread(
                  () -> {
                    try {
                      reader.complete(products.find(id).price());
                    } catch (RuntimeException e) {
                      reader.completeExceptionally(e);
                    }
                  });
          read.start();
          sleep(400);
          // Without the writer holding the entry's refill lock the reader would have loaded the row
          // as last committed (30.00) by now, and cached it.
          assertFalse(reader.isDone(), "the reader waits for the writer: " + reader);
        });

    assertEquals(
        "35.00", reader.get(10, TimeUnit.SECONDS), "the reader got the value the writer stored");
    assertEquals(loadsBefore, loads("products"), "nobody loaded from the database");
    assertTrue(
        statistics.of("products").snapshot().lockWaits() > waitsBefore,
        "the reader waited on the lock");
    assertEquals("35.00", products.find(id).price());
    assertEquals(loadsBefore, loads("products"), "the written value is a hit");
  }

  @Test
  void anUpdateHoldsTheProductsRowSoTheNextWriterReadsWhatItCommitted() throws Exception {
    long category = category();
    long id =
        products.create(new ProductInput("Bench", null, new BigDecimal("60.00"), category)).id();
    CountDownLatch firstHoldsTheRow = new CountDownLatch(1);
    CountDownLatch releaseTheFirst = new CountDownLatch(1);
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> secondSaw = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();

    ProductInput firstPrice = new ProductInput("Bench", null, new BigDecimal("61.00"), category);
    ProductInput secondPrice = new ProductInput("Bench", null, new BigDecimal("62.00"), category);

    Thread firstWriter =
        writer(
            first,
            () ->
                products
                    .update(
                        id,
                        firstPrice,
                        current -> {
                          firstHoldsTheRow.countDown();
                          await(releaseTheFirst);
                        })
                    .price());
    firstWriter.start();
    assertTrue(firstHoldsTheRow.await(10, TimeUnit.SECONDS), "the first writer read the product");
    Thread secondWriter =
        writer(
            second,
            () ->
                products
                    .update(id, secondPrice, current -> secondSaw.complete(current.price()))
                    .price());
    secondWriter.start();
    sleep(400);
    // Without the row lock the second writer would have read 60.00 by now and overwritten the first
    // one's price blindly (or failed on the version) instead of waiting its turn.
    assertFalse(
        secondSaw.isDone(), "the second writer waits for the first one's row lock: " + secondSaw);

    releaseTheFirst.countDown();
    assertEquals("61.00", first.get(10, TimeUnit.SECONDS));
    assertEquals(
        "61.00",
        secondSaw.get(10, TimeUnit.SECONDS),
        "the second writer read the first one's commit");
    assertEquals("62.00", second.get(10, TimeUnit.SECONDS));
    assertEquals("62.00", products.find(id).price());
  }

  private static Thread writer(
      CompletableFuture<String> result, java.util.function.Supplier<String> update) {
    return new Thread(
        () -> {
          try {
            result.complete(update.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aWriteThroughStoresWithoutWaitingForItsCleanUp() throws Exception {
    long category = category();
    long id =
        products.create(new ProductInput("Crate", null, new BigDecimal("10.00"), category)).id();
    products.find(id);
    // Void entries listed under the product's own tag make the write's clean-up longer than a
    // writer used to wait for it (250 ms; it then stored nothing): 10,000 entries took 215 to 260
    // ms here. Listed under the first clock, they are taken before the product's old entry.
    String tag = "product:" + id;
    int ghosts = 30_000;
    IntStream.range(0, ghosts)
        .parallel()
        .forEach(i -> registry.track(Map.of(tag, "1:ghost"), "products", "ghost-" + i));
    long putsBefore = statistics.of("products").snapshot().puts();

    products.update(id, new ProductInput("Crate", null, new BigDecimal("11.00"), category));

    assertTrue(
        registry.dependents(tag) > 1,
        "the write was done while its clean-up was still freeing the group");
    assertEquals(
        putsBefore + 1,
        statistics.of("products").snapshot().puts(),
        "the new value was written through");
    long loadsBefore = loads("products");
    assertEquals("11.00", products.find(id).price());
    assertEquals(loadsBefore, loads("products"), "the new value is a hit");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (registry.dependents(tag) > 1 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(
        1, registry.dependents(tag), "only the new value is still listed under its product");
    assertEquals("11.00", products.find(id).price());
    assertEquals(loadsBefore, loads("products"), "the write's own clean-up left the new value");
  }

  @Test
  void aRolledBackUpdateReleasesTheRefillLockItHeld() throws Exception {
    long category = category();
    long id =
        products.create(new ProductInput("Stool", null, new BigDecimal("40.00"), category)).id();
    long loadsBefore = loads("products");

    assertThrows(
        IllegalStateException.class,
        () ->
            writes.updateThenFail(
                id, new ProductInput("Stool", null, new BigDecimal("1.00"), category)));

    long started = System.nanoTime();
    assertEquals("40.00", products.find(id).price());
    assertTrue(
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 1_500,
        "the read did not wait out the lock's 2 s: the rollback released it");
    assertEquals(loadsBefore + 1, loads("products"), "the reader loaded the unchanged row");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aStoreRacingAnInvalidationIsRefused() throws Exception {
    String key = "k" + System.nanoTime();
    long refusedBefore = statistics.of("it-race").snapshot().refusedStores();
    racing.holdNextLoad();
    CompletableFuture<String> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return racing.load(key);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    racing.awaitStarted();
    invalidations.invalidateNow(java.util.List.of("race:" + key)); // the writer commits mid-load
    racing.release();
    assertEquals("v" + racing.loads(), reader.get());
    // Not waiting for the tag's background clean-up: it must not delete the next load's entry,
    // whenever it runs.

    assertEquals(refusedBefore + 1, statistics.of("it-race").snapshot().refusedStores());
    int loads = racing.loads();
    racing.load(key);
    assertEquals(
        loads + 1, racing.loads(), "the value loaded before the invalidation was not stored");
    racing.load(key);
    assertEquals(loads + 1, racing.loads(), "the next load was stored");
  }

  /**
   * The write-through's one-round-trip check: versions of its other tags, only while its own are
   * still current.
   */
  @Test
  void versionsAreGivenOnlyWhileTheExpectedOnesAreStillCurrent() {
    long n = System.nanoTime();
    String own = "own:" + n;
    String other = "other:" + n;
    String fresh = "fresh:" + n;
    Invalidation mine = invalidations.invalidateNow(List.of(own));
    long clock = registry.clock();
    Map<String, String> expected = Map.of(own, mine.written().get(own));

    Map<String, String> versions =
        registry.versionsSinceWhileCurrent(List.of(other), clock, expected).orElseThrow();
    assertEquals(Set.of(other), versions.keySet());
    assertEquals(
        versions, registry.currentVersions(List.of(other)), "the absent version was created");
    assertEquals(
        versions,
        registry.versionsSinceWhileCurrent(List.of(other), clock, expected).orElseThrow());

    invalidations.invalidateNow(List.of(own)); // another writer invalidates the entry after ours
    assertTrue(registry.versionsSinceWhileCurrent(List.of(fresh), clock, expected).isEmpty());
    assertTrue(
        registry.currentVersions(List.of(fresh)).isEmpty(),
        "nothing is written when the check fails");

    invalidations.invalidateNow(List.of(other)); // invalidated after the clock reading
    assertTrue(registry.versionsSinceWhileCurrent(List.of(other), clock, Map.of()).isEmpty());
    assertTrue(registry.versionsSince(List.of(other), clock).isEmpty());
  }
}
