package dev.granular.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.support.Http;
import dev.granular.support.Http.Reply;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances with a near cache for {@code products}: once B serves a product from its near
 * cache, an update through A reaches B within the pub/sub delivery lag. Logs the staleness window
 * over {@value #UPDATES} updates while B reads without pause: how long after A answered the update
 * B still started reads that returned the old price, and when B first answered the new one.
 */
class NearCacheIT {

  private static final Logger LOG = Logger.getLogger(NearCacheIT.class.getName());
  private static final int UPDATES = 20;
  private static final long BOUND_NANOS = 1_000_000_000L;
  private static Cluster cluster;
  private static Http a;
  private static Http b;

  @BeforeAll
  static void startTwoInstances() throws Exception {
    cluster =
        Cluster.start(
            "near-cache",
            2,
            Map.of(
                "ADMIN_USER", Http.ADMIN_USER,
                "ADMIN_PASSWORD", Http.ADMIN_PASSWORD,
                "cache.warm.startup-limit", "0",
                "cache.products.near", "true",
                "cache.products.near.max-entries", "1000"));
    a = new Http(URI.create(cluster.get(0).baseUrl()).toURL());
    b = new Http(URI.create(cluster.get(1).baseUrl()).toURL());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anUpdateThroughOneInstanceReachesTheOthersNearCacheWithinTheDeliveryLag() throws Exception {
    long id = createProduct();
    awaitNearHitOnB(id);
    long nearHitsBefore = nearHits(b);

    // B reads the product without pause on its own thread, each read timed, while A updates it.
    List<Read> reads = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean polling = new AtomicBoolean(true);
    Thread poller =
        new Thread(
            () -> {
              while (polling.get()) {
                long started = System.nanoTime();
                String price = price(b, id);
                reads.add(new Read(started, System.nanoTime(), price));
              }
            },
            "near-cache-poller");
    poller.start();
    List<Long> answeredAt = new ArrayList<>();
    try {
      for (int update = 1; update <= UPDATES; update++) {
        Thread.sleep(100); // B serves the current price from its near cache meanwhile
        String newPrice = update + ".50";
        Reply put = a.put("api/products/" + id, body(newPrice));
        assertEquals(200, put.status(), put.body());
        answeredAt.add(System.nanoTime());
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (!seen(reads, newPrice)) {
          assertTrue(
              System.nanoTime() < deadline, "B still serves the old price 1 s after the update");
          Thread.sleep(1);
        }
      }
    } finally {
      polling.set(false);
      poller.join(10_000);
    }

    List<Long> windows = new ArrayList<>();
    List<Long> visible = new ArrayList<>();
    int staleReads = 0;
    for (int update = 1; update <= UPDATES; update++) {
      long answered = answeredAt.get(update - 1);
      String oldPrice = (update - 1) + ".50";
      String newPrice = update + ".50";
      long lastStaleStart = answered;
      long firstFreshEnd = Long.MAX_VALUE;
      for (Read read : List.copyOf(reads)) {
        if (read.started() > answered && read.price().equals(oldPrice)) {
          staleReads++;
          lastStaleStart = Math.max(lastStaleStart, read.started());
        }
        if (read.price().equals(newPrice)) {
          firstFreshEnd = Math.min(firstFreshEnd, read.ended());
        }
      }
      windows.add(lastStaleStart - answered);
      visible.add(Math.max(0, firstFreshEnd - answered));
    }
    long nearHits = nearHits(b) - nearHitsBefore;
    Collections.sort(windows);
    Collections.sort(visible);
    String report =
        String.format(
            "near cache over %d updates through A while B reads without pause (%d reads): staleness window "
                + "(A's PUT answered until the start of B's last read that still returned the old price) p50 %.2f ms, "
                + "max %.2f ms, %d stale reads in all; new price answered by B %.2f ms (p50), %.2f ms (max) after "
                + "A's answer; B's near hits %d",
            UPDATES,
            reads.size(),
            windows.get(UPDATES / 2) / 1e6,
            windows.get(UPDATES - 1) / 1e6,
            staleReads,
            visible.get(UPDATES / 2) / 1e6,
            visible.get(UPDATES - 1) / 1e6,
            nearHits);
    LOG.info(report);
    assertTrue(windows.get(UPDATES - 1) < BOUND_NANOS, report);
    assertTrue(nearHits >= UPDATES, "B served most reads from its near cache: " + report);
  }

  @Test
  void nearHitsCountEveryViewExactly() throws Exception {
    long id = createProduct();
    price(a, id);
    long nearHitsBefore = nearHits(b);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (nearHits(b) == nearHitsBefore) {
      assertTrue(System.nanoTime() < deadline, "no near hit on B within 30 s");
      views(b, id);
      Thread.sleep(50);
    }
    long nearHitsBeforeReads = nearHits(b);
    long first = views(a, id);
    int threads = 4;
    int readsEach = 25;
    List<Long> counts = Collections.synchronizedList(new ArrayList<>());
    ExecutorService readers = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            readers.submit(
                () -> {
                  for (int i = 0; i < readsEach; i++) {
                    counts.add(views(b, id));
                  }
                  return null;
                }));
      }
      for (Future<?> reader : done) {
        reader.get(60, TimeUnit.SECONDS);
      }
    } finally {
      readers.shutdownNow();
    }
    long last = views(a, id);
    int reads = threads * readsEach;
    assertEquals(
        reads, new HashSet<>(counts).size(), "every view shows a count of its own: " + counts);
    assertTrue(
        counts.stream().allMatch(c -> c > first && c < last),
        "between the reads before and after: " + counts);
    assertEquals(first + reads + 1, last, "no view lost or counted twice");
    assertTrue(
        nearHits(b) - nearHitsBeforeReads >= reads, "B served the reads from its near cache");
  }

  private static long views(Http instance, long id) {
    Reply reply = instance.get("api/products/" + id);
    assertEquals(200, reply.status(), reply.body());
    return reply.json().getJsonNumber("views").longValue();
  }

  private record Read(long started, long ended, String price) {}

  private static boolean seen(List<Read> reads, String price) {
    synchronized (reads) {
      for (int i = reads.size() - 1; i >= 0; i--) {
        if (reads.get(i).price().equals(price)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Reads the product on both instances until B answers one from its near cache (its channel
   * connects first).
   */
  private static void awaitNearHitOnB(long id) throws Exception {
    price(a, id);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (nearHits(b) == 0) {
      assertTrue(System.nanoTime() < deadline, "no near hit on B within 30 s");
      price(b, id);
      Thread.sleep(50);
    }
  }

  private static long createProduct() {
    Reply category = a.post("api/categories", "{\"name\":\"Near " + System.nanoTime() + "\"}");
    assertEquals(201, category.status(), category.body());
    categoryId = category.json().getJsonNumber("id").longValue();
    Reply product = a.post("api/products", body("0.50"));
    assertEquals(201, product.status(), product.body());
    return product.json().getJsonNumber("id").longValue();
  }

  private static long categoryId;

  private static String body(String price) {
    return "{\"name\":\"Lamp\",\"price\":\"" + price + "\",\"categoryId\":" + categoryId + "}";
  }

  private static String price(Http instance, long id) {
    Reply reply = instance.get("api/products/" + id);
    assertEquals(200, reply.status(), reply.body());
    return reply.json().getString("price");
  }

  private static long nearHits(Http instance) {
    Reply stats = instance.admin().get("api/cache/stats");
    assertEquals(200, stats.status(), stats.body());
    JsonObject products =
        stats.json().getJsonObject("instance").getJsonObject("caches").getJsonObject("products");
    return products == null
        ? 0
        : products.getJsonNumber("nearHits").longValue(); // no products call yet
  }
}
