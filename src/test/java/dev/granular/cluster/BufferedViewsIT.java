package dev.granular.cluster;

import static dev.granular.cluster.InstanceCalls.deleteViewKeys;
import static dev.granular.cluster.InstanceCalls.post;
import static dev.granular.cluster.InstanceCalls.redisInteger;
import static dev.granular.cluster.InstanceCalls.viewStats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.devserver.PayaraMicroProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * {@code views.count-mode=buffered} on two instances: views counted in process and sent to Redis in
 * batches. Every successful {@code GET} ends up in the database once (one instance stopped
 * gracefully, sending what it held); each instance shows a product's count rising, never twice the
 * same; and an instance's count catches up with the other instance's views within a couple of send
 * intervals.
 */
class BufferedViewsIT {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int PRODUCTS = 4;

  /**
   * Instance 1 sends every 200 ms; instance 0 every 2 s, so that it still holds views when it is
   * stopped.
   */
  private static final Duration INTERVAL = Duration.ofMillis(200);

  private static final Duration SLOW_INTERVAL = Duration.ofSeconds(2);

  private final long[] ids = new long[PRODUCTS];

  /** Per instance and product, the {@code views} of every successful read. */
  private final Map<Integer, Map<Long, List<Long>>> seen = new HashMap<>();

  @Test
  void everyViewReachesTheDatabaseOnceAndEachInstanceShowsRisingCounts() throws Exception {
    deleteViewKeys();
    Map<String, String> settings =
        Map.of(
            "views.count-mode", "buffered",
            "views.buffer-interval", INTERVAL.toMillis() + "ms",
            "views.flush-interval", "1s",
            "cache.redis.timeout", "3s");
    try (Cluster cluster =
        Cluster.start(
            "buffered-views",
            2,
            settings,
            index ->
                index == 0
                    ? Map.of("views.buffer-interval", SLOW_INTERVAL.toMillis() + "ms")
                    : Map.of())) {
      createProducts(cluster.get(1));
      // An instance's first view of a product is counted in Redis, which gives the count this
      // instance goes on from. Done one at a time here: views counted in process while other first
      // views are still on their way to Redis may show a count one of those shows too (nothing is
      // lost or counted twice; the counts just overlap once).
      int reads = 0;
      for (int instance = 0; instance < 2; instance++) {
        for (long id : ids) {
          read(cluster.get(instance), instance, id);
          reads++;
        }
      }
      for (int round = 0; round < 10; round++) {
        reads += readConcurrently(cluster.instances(), 40);
      }

      // Instance 0's views of product 0 reach instance 1's count once both sent: after an interval,
      // one read on instance 1 sends its view and brings the total back; the read after shows every
      // view so far.
      Thread.sleep(SLOW_INTERVAL.toMillis() + 3 * INTERVAL.toMillis());
      read(cluster.get(1), 1, ids[0]);
      Thread.sleep(3 * INTERVAL.toMillis());
      long caughtUp = read(cluster.get(1), 1, ids[0]);
      reads += 2;
      long viewsOfFirst =
          seen.values().stream().mapToLong(perProduct -> perProduct.get(ids[0]).size()).sum();
      assertEquals(
          viewsOfFirst, caughtUp, "instance 1 shows every view of both instances after two sends");

      seen.forEach(
          (instance, perProduct) ->
              perProduct.forEach(
                  (id, shown) ->
                      assertEquals(
                          shown.size(),
                          new HashSet<>(shown).size(),
                          "instance "
                              + instance
                              + " showed a count of product "
                              + id
                              + " twice: "
                              + shown)));

      // Instance 0 is stopped while it holds views it has not sent: its shutdown sends them.
      JsonObject first = null;
      for (int attempt = 0; attempt < 5 && (first == null || unsent(first) == 0); attempt++) {
        for (long id : ids) {
          read(cluster.get(0), 0, id);
          reads++;
        }
        first = viewStats(cluster.get(0));
      }
      assertTrue(unsent(first) > 0, "instance 0 holds unsent views before it stops: " + first);
      cluster.get(0).close(); // graceful: sends what it holds before the Redis client goes
      Thread.sleep(3 * INTERVAL.toMillis());
      awaitDrained(Duration.ofSeconds(60));

      JsonObject second = viewStats(cluster.get(1));
      assertTrue(
          first.getJsonObject("buffered").getJsonNumber("sentViews").longValue() > 0
              && second.getJsonObject("buffered").getJsonNumber("sentViews").longValue() > 0,
          "both instances counted views in process: " + first + " " + second);
      assertEquals(
          0,
          countedInDatabase(first) + countedInDatabase(second),
          "no view fell back to the database");
      Map<Long, Long> counted = new TreeMap<>();
      seen.values()
          .forEach(
              perProduct ->
                  perProduct.forEach(
                      (id, shown) -> counted.merge(id, (long) shown.size(), Long::sum)));
      assertEquals(counted, storedViews(cluster), "every successful read is in the database, once");
      assertEquals(reads, counted.values().stream().mapToLong(Long::longValue).sum());
    } finally {
      deleteViewKeys();
    }
  }

  private static long unsent(JsonObject stats) {
    return stats.getJsonObject("buffered").getJsonNumber("unsentViews").longValue();
  }

  private static long countedInDatabase(JsonObject stats) {
    return stats.getJsonNumber("countedInDatabase").longValue()
        + stats.getJsonObject("buffered").getJsonNumber("countedInDatabase").longValue();
  }

  private void createProducts(PayaraMicroProcess instance) throws Exception {
    JsonObject category =
        post(instance, "api/categories", "{\"name\":\"Buffered views " + System.nanoTime() + "\"}");
    for (int p = 0; p < PRODUCTS; p++) {
      String body =
          "{\"name\":\"Print "
              + p
              + "\",\"price\":\"7.00\",\"categoryId\":"
              + category.getJsonNumber("id")
              + "}";
      ids[p] = post(instance, "api/products", body).getJsonNumber("id").longValue();
    }
    for (int instanceIndex = 0; instanceIndex < 2; instanceIndex++) {
      Map<Long, List<Long>> perProduct = new HashMap<>();
      for (long id : ids) {
        perProduct.put(id, new ArrayList<>());
      }
      seen.put(instanceIndex, perProduct);
    }
  }

  /**
   * {@code count} concurrent reads spread over the products and the instances; all must succeed.
   */
  private int readConcurrently(List<PayaraMicroProcess> instances, int count) {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(
          CLIENT.sendAsync(
              request(instances.get(i % 2), ids[(i / 2) % PRODUCTS]),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < count; i++) {
      record(i % 2, ids[(i / 2) % PRODUCTS], calls.get(i).join());
    }
    return count;
  }

  private long read(PayaraMicroProcess instance, int index, long id) throws Exception {
    return record(
        index, id, CLIENT.send(request(instance, id), HttpResponse.BodyHandlers.ofString()));
  }

  private long record(int instance, long id, HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    long views =
        Json.createReader(new StringReader(response.body()))
            .readObject()
            .getJsonNumber("views")
            .longValue();
    seen.get(instance).get(id).add(views);
    return views;
  }

  private static HttpRequest request(PayaraMicroProcess instance, long id) {
    return HttpRequest.newBuilder(URI.create(instance.baseUrl() + "api/products/" + id))
        .timeout(Duration.ofSeconds(30))
        .build();
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

  /** Waits until no view is pending and no batch is claimed in Redis. */
  private static void awaitDrained(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (redisInteger("HLEN", "{views}:pending") + redisInteger("ZCARD", "{views}:batches") > 0) {
      assertTrue(
          Instant.now().isBefore(deadline), "views still pending or claimed after " + timeout);
      Thread.sleep(250);
    }
  }
}
