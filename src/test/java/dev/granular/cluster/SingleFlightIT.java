package dev.granular.cluster;

import static dev.granular.cluster.InstanceCalls.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.granular.devserver.PayaraMicroProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Payara Micro instances on one Redis and one database (PostgreSQL when {@code DB_URL} is set,
 * else an H2 server this test starts), each reading the database with {@code
 * DEMO_DB_LATENCY_MS=200}: concurrent misses on one key cost one database read, on one instance and
 * across both.
 */
class SingleFlightIT {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String ADMIN_PASSWORD = "single-flight-" + System.nanoTime();
  private static Cluster cluster;
  private static List<PayaraMicroProcess> INSTANCES;

  @BeforeAll
  static void startTwoInstances() throws Exception {
    cluster =
        Cluster.start(
            "single-flight",
            2,
            Map.of(
                "DEMO_DB_LATENCY_MS",
                "200",
                "ADMIN_PASSWORD",
                ADMIN_PASSWORD,
                // -Dsingle-flight.lock=false shows what the lock prevents (this test then fails).
                "cache.refill-lock.enabled",
                System.getProperty("single-flight.lock", "true")));
    INSTANCES = cluster.instances();
  }

  @AfterAll
  static void stopInstances() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void hundredConcurrentMissesOnOneInstanceReadTheDatabaseOnce() throws Exception {
    PayaraMicroProcess one = INSTANCES.get(0);
    long id = createProduct(one);
    long readsBefore = databaseReads(one);

    List<HttpResponse<String>> responses = getConcurrently(List.of(one), 100, "api/products/" + id);

    assertEquals(
        1,
        databaseReads(one) - readsBefore,
        "one database read for 100 concurrent misses; " + stats(one));
    assertIdenticalOkBodies(responses, 100);
  }

  @Test
  void concurrentMissesOnTwoInstancesReadTheDatabaseOnceInTotal() throws Exception {
    long id = createProduct(INSTANCES.get(0));
    long readsBefore = databaseReads(INSTANCES.get(0)) + databaseReads(INSTANCES.get(1));

    List<HttpResponse<String>> responses = getConcurrently(INSTANCES, 50, "api/products/" + id);

    long reads = databaseReads(INSTANCES.get(0)) + databaseReads(INSTANCES.get(1)) - readsBefore;
    assertEquals(
        1,
        reads,
        "one database read for 2 x 50 concurrent misses; "
            + stats(INSTANCES.get(0))
            + stats(INSTANCES.get(1)));
    assertIdenticalOkBodies(responses, 100);
  }

  private static List<HttpResponse<String>> getConcurrently(
      List<PayaraMicroProcess> instances, int perInstance, String path) {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < perInstance; i++) {
      for (PayaraMicroProcess instance : instances) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .build();
        calls.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
    }
    return calls.stream().map(CompletableFuture::join).toList();
  }

  /** The same product for every caller, but for the view count, which each read raises. */
  private static void assertIdenticalOkBodies(List<HttpResponse<String>> responses, int expected) {
    assertEquals(expected, responses.size());
    Set<String> bodies = new HashSet<>();
    for (HttpResponse<String> response : responses) {
      assertEquals(200, response.statusCode(), response.body());
      JsonObject product = Json.createReader(new StringReader(response.body())).readObject();
      bodies.add(Json.createObjectBuilder(product).remove("views").build().toString());
    }
    assertEquals(1, bodies.size(), "every caller got the same body: " + bodies);
  }

  private static long createProduct(PayaraMicroProcess instance) throws Exception {
    JsonObject category =
        post(instance, "api/categories", "{\"name\":\"Flight " + System.nanoTime() + "\"}");
    JsonObject product =
        post(
            instance,
            "api/products",
            "{\"name\":\"Kite\",\"price\":\"15.00\",\"categoryId\":"
                + category.getJsonNumber("id")
                + "}");
    return product.getJsonNumber("id").longValue();
  }

  private static String stats(PayaraMicroProcess instance) throws Exception {
    String credentials = "admin:" + ADMIN_PASSWORD;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instance.baseUrl() + "api/cache/stats"))
            .header(
                "Authorization",
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString(
                            credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static long databaseReads(PayaraMicroProcess instance) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(instance.baseUrl() + "api/demo/database")).build();
    String body = CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
    return Json.createReader(new StringReader(body))
        .readObject()
        .getJsonNumber("reads")
        .longValue();
  }
}
