package dev.granular.cluster;

import static dev.granular.cluster.InstanceCalls.deleteViewKeys;
import static dev.granular.cluster.InstanceCalls.post;
import static dev.granular.cluster.InstanceCalls.redisInteger;
import static dev.granular.cluster.InstanceCalls.viewStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.devserver.PayaraMicroProcess;
import dev.granular.testredis.PrivateRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Write-back view counters survive instances killed mid-flush. Three instances flush every second:
 * instance 0 pauses after claiming a batch (nothing written yet), instance 1 after committing one
 * (not yet removed from Redis), and each is killed with SIGKILL as soon as it pauses. Instance 2
 * claims their batches again once the lease ran out. In the end the database holds exactly one view
 * per successful {@code GET}: none lost, none counted twice.
 */
class ProductViewsIT {

  private static final Logger LOG = Logger.getLogger(ProductViewsIT.class.getName());
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String NAME = "product-views";
  private static final int PRODUCTS = 8;
  private static final int MIN_VIEWS = 600;
  private static final String PAUSING = "(DEMO_VIEWS_FLUSH_PAUSE)";
  private static final Pattern BATCH_ID = Pattern.compile("views batch ([0-9a-f-]{36})");

  private final long[] ids = new long[PRODUCTS];

  /** Per product, the {@code views} of every successful read, in the order the replies came. */
  private final Map<Long, List<Long>> seen = new HashMap<>();

  @Test
  void noViewIsLostWhenInstancesAreKilledMidFlush() throws Exception {
    deleteViewKeys();
    Map<String, String> shared =
        Map.of(
            "views.flush-interval", "1s",
            "views.claim-lease", "10s",
            // This test is about instances dying, not Redis timing out on a loaded machine: a
            // timed-out count is also counted in the database (never lost, maybe doubled), which
            // the exact checks below would flag.
            "cache.redis.timeout", "3s");
    try (Cluster cluster = Cluster.start(NAME, 3, shared, ProductViewsIT::pauseOf)) {
      List<PayaraMicroProcess> all = cluster.instances();
      PayaraMicroProcess survivor = cluster.get(2);
      createProducts(survivor);

      // Read until 600 views are counted and both pausing instances were killed, each as soon as it
      // logged that it holds a batch (and before the claim lease runs out, so the survivor takes
      // the batch over from a dead one).
      List<PayaraMicroProcess> targets = new ArrayList<>(all);
      Map<Integer, String> killedHolding = new TreeMap<>();
      List<JsonObject> fallbacks = new ArrayList<>();
      int views = 0;
      Instant deadline = Instant.now().plusSeconds(90);
      while (views < MIN_VIEWS || killedHolding.size() < 2) {
        assertTrue(
            Instant.now().isBefore(deadline), "instances 0 and 1 never paused holding a batch");
        views += readConcurrently(targets, 60);
        for (int i = 0; i < 2; i++) {
          String batch = killedHolding.containsKey(i) ? null : pausedBatch(i);
          if (batch != null) {
            targets.remove(cluster.get(i)); // no request in flight: every 200 seen was counted
            fallbacks.add(viewStats(cluster.get(i)));
            cluster.get(i).kill();
            assertTrue(
                claimed(batch),
                "instance " + i + " was killed while its batch " + batch + " was claimed");
            killedHolding.put(i, batch);
            int instance = i;
            LOG.info(
                () ->
                    "killed instance "
                        + instance
                        + " holding batch "
                        + batch
                        + " after "
                        + seenSoFar()
                        + " reads");
          }
        }
      }
      for (int round = 0; round < 5; round++) {
        views += readConcurrently(List.of(survivor), 20);
      }
      awaitDrained(Duration.ofSeconds(60));

      fallbacks.add(viewStats(survivor));
      long inDatabase =
          fallbacks.stream().mapToLong(f -> f.getJsonNumber("countedInDatabase").longValue()).sum();
      long maybeTwice =
          fallbacks.stream().mapToLong(f -> f.getJsonNumber("maybeCountedTwice").longValue()).sum();
      Map<Long, Long> stored = storedViews(cluster);
      Map<Long, Long> counted = new TreeMap<>();
      seen.forEach((id, list) -> counted.put(id, (long) list.size()));
      LOG.info(
          "views: "
              + views
              + " reads; counted "
              + counted
              + "; stored "
              + stored
              + "; survivor "
              + viewStats(survivor));
      long storedSum = stored.values().stream().mapToLong(Long::longValue).sum();
      if (maybeTwice > 0) {
        // A Redis call failed after Redis may have run it: never lost, at most that many counted
        // twice.
        LOG.warning(
            maybeTwice
                + " views counted in the database after a failed Redis call; exact checks relaxed");
        counted.forEach(
            (id, n) -> assertTrue(stored.get(id) >= n, "product " + id + " lost views: " + stored));
        assertTrue(
            storedSum - views <= maybeTwice, "at most " + maybeTwice + " doubled: " + storedSum);
      } else {
        assertEquals(counted, stored, "every successful read is in the database, once");
        assertEquals(views, storedSum);
      }
      for (long id : ids) {
        List<Long> shown = seen.get(id);
        if (inDatabase == 0) {
          assertEquals(
              LongStream.rangeClosed(1, shown.size())
                  .boxed()
                  .collect(Collectors.toCollection(TreeSet::new)),
              new TreeSet<>(shown),
              "product " + id + ": each read showed its own count, 1.." + shown.size());
        }
        assertEquals(
            stored.get(id) + 1,
            views(get(survivor, id)),
            "a read after the flush shows stored + 1");
      }
      assertEquals(
          2,
          appliedBatches(cluster, killedHolding.values()),
          "both killed instances' batches applied");
      JsonObject survivorStats = viewStats(survivor);
      assertTrue(
          survivorStats.getJsonNumber("alreadyApplied").longValue() >= 1,
          "the batch committed by instance 1 was claimed again and not applied twice: "
              + survivorStats);
    } finally {
      deleteViewKeys();
    }
  }

  /**
   * Instance 0 pauses after claiming, instance 1 after committing, both long enough to be killed
   * meanwhile.
   */
  private static Map<String, String> pauseOf(int index) {
    return switch (index) {
      case 0 ->
          Map.of("DEMO_VIEWS_FLUSH_PAUSE", "after-claim", "DEMO_VIEWS_FLUSH_PAUSE_MS", "120000");
      case 1 ->
          Map.of("DEMO_VIEWS_FLUSH_PAUSE", "after-commit", "DEMO_VIEWS_FLUSH_PAUSE_MS", "120000");
      default -> Map.of();
    };
  }

  private void createProducts(PayaraMicroProcess instance) throws Exception {
    JsonObject category =
        post(instance, "api/categories", "{\"name\":\"Views " + System.nanoTime() + "\"}");
    for (int p = 0; p < PRODUCTS; p++) {
      String body =
          "{\"name\":\"Poster "
              + p
              + "\",\"price\":\"5.00\",\"categoryId\":"
              + category.getJsonNumber("id")
              + "}";
      JsonObject product = post(instance, "api/products", body);
      assertEquals(0, product.getJsonNumber("views").longValue(), "a new product has no views");
      ids[p] = product.getJsonNumber("id").longValue();
      seen.put(ids[p], new ArrayList<>());
    }
  }

  /**
   * {@code count} concurrent reads spread over the products and the instances; all must succeed.
   */
  private int readConcurrently(List<PayaraMicroProcess> instances, int count) {
    List<Long> products = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long id = ids[i % PRODUCTS];
      PayaraMicroProcess instance = instances.get((i / PRODUCTS) % instances.size());
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(instance.baseUrl() + "api/products/" + id))
              .timeout(Duration.ofSeconds(30))
              .build();
      products.add(id);
      calls.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < count; i++) {
      HttpResponse<String> response = calls.get(i).join();
      assertEquals(200, response.statusCode(), response.body());
      seen.get(products.get(i)).add(views(response));
    }
    return count;
  }

  private static long views(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body()))
        .readObject()
        .getJsonNumber("views")
        .longValue();
  }

  private static HttpResponse<String> get(PayaraMicroProcess instance, long id) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instance.baseUrl() + "api/products/" + id)).build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response;
  }

  private int seenSoFar() {
    return seen.values().stream().mapToInt(List::size).sum();
  }

  /** The id of the batch the instance's flusher logged it pauses with, or null. */
  private static String pausedBatch(int instance) throws Exception {
    Path log = Path.of("target", NAME, "instance-" + instance + ".log");
    try (var lines = Files.lines(log)) {
      return lines
          .filter(line -> line.contains(PAUSING))
          .map(BATCH_ID::matcher)
          .filter(Matcher::find)
          .map(found -> found.group(1))
          .findFirst()
          .orElse(null);
    }
  }

  /** True while the batch is listed as claimed in Redis: not yet finished by anyone. */
  private static boolean claimed(String batch) throws Exception {
    String reply =
        PrivateRedis.command(
            Integer.getInteger("test.redis.port"), "ZSCORE", "{views}:batches", batch);
    return !reply.startsWith("$-1") && !reply.startsWith("_");
  }

  /**
   * How many of {@code batches} are in the database: written part by part, each part a row {@code
   * <batch>/<n>}.
   */
  private static long appliedBatches(Cluster cluster, java.util.Collection<String> batches)
      throws Exception {
    long applied = 0;
    try (Connection db = cluster.openDatabase();
        PreparedStatement query =
            db.prepareStatement("select count(*) from view_batch where id like ?")) {
      for (String batch : batches) {
        query.setString(1, batch + "/%");
        try (ResultSet rows = query.executeQuery()) {
          rows.next();
          applied += rows.getLong(1) > 0 ? 1 : 0;
        }
      }
    }
    return applied;
  }

  /** Waits until no view is pending and no batch is claimed in Redis. */
  private static void awaitDrained(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (redisInteger("HLEN", "{views}:pending") + redisInteger("ZCARD", "{views}:batches") > 0) {
      assertTrue(
          Instant.now().isBefore(deadline), "views still pending or claimed after " + timeout);
      Thread.sleep(250);
    }
  }

  private Map<Long, Long> storedViews(Cluster cluster) throws Exception {
    String list = LongStream.of(ids).mapToObj(String::valueOf).collect(Collectors.joining(","));
    Map<Long, Long> stored = new TreeMap<>();
    try (Connection db = cluster.openDatabase();
        Statement query = db.createStatement();
        ResultSet rows =
            query.executeQuery("select id, views from product where id in (" + list + ")")) {
      while (rows.next()) {
        stored.put(rows.getLong(1), rows.getLong(2));
      }
    }
    return stored;
  }
}
