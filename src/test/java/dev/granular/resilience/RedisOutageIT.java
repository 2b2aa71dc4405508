package dev.granular.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cluster.Cluster;
import dev.granular.devserver.PayaraMicroProcess;
import dev.granular.testredis.PrivateRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Redis outages under steady load, against a password-protected Redis of the test's own: it is
 * paused (SIGSTOP) while products are updated and resumed with its old data, then killed and
 * started again empty. No request may fail, every write must be applied, no read that starts after
 * a write returned may see an older value, and the cache must serve hits again within seconds of
 * the restart.
 */
class RedisOutageIT {

  private static final Logger LOG = Logger.getLogger(RedisOutageIT.class.getName());
  private static final String PASSWORD = "outage-test-" + System.nanoTime();
  private static final String ADMIN = "outage-admin-" + System.nanoTime();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int PRODUCTS = 12;

  private final long[] ids = new long[PRODUCTS];
  private final AtomicLongArray returned = new AtomicLongArray(PRODUCTS);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private String base;

  @Test
  void outagesNeverFailARequestNorLeaveStaleData() throws Exception {
    int port = PrivateRedis.freePort();
    PrivateRedis redis = PrivateRedis.start(port, PASSWORD);
    Map<String, String> settings =
        Map.of(
            "REDIS_URL",
            "redis://127.0.0.1:" + port,
            "REDIS_PASSWORD",
            PASSWORD,
            "ADMIN_PASSWORD",
            ADMIN,
            "cache.redis.timeout",
            "200ms",
            "DEMO_DB_RESULT_LATENCY_MS",
            "5");
    try (Cluster cluster = Cluster.start("redis-outage", 1, settings)) {
      PayaraMicroProcess instance = cluster.get(0);
      base = instance.baseUrl();
      setUp();
      ExecutorService load = Executors.newFixedThreadPool(8);
      for (int i = 0; i < 6; i++) {
        load.execute(() -> loop(this::read));
      }
      load.execute(() -> loop(this::write));
      load.execute(() -> loop(this::write));

      Thread.sleep(3000);
      long hitsBeforeOutage = hits();
      redis.pause();
      LOG.info("Redis paused");
      Thread.sleep(5000);
      assertEquals(
          200, get("/health/ready").statusCode(), "ready while Redis is away: the database serves");
      assertTrue(get("/health/ready").body().contains("down"), "readiness reports Redis down");
      redis.resume();
      LOG.info("Redis resumed with its old data");
      Thread.sleep(4000);

      redis.kill();
      LOG.info("Redis killed");
      Thread.sleep(3000);
      redis = PrivateRedis.start(port, PASSWORD);
      long restarted = System.nanoTime();
      LOG.info("Redis started again, empty");
      long hitsAtRestart = hits();
      long firstHitMillis = -1;
      while (System.nanoTime() - restarted < TimeUnit.SECONDS.toNanos(20)) {
        if (hits() > hitsAtRestart) {
          firstHitMillis = (System.nanoTime() - restarted) / 1_000_000;
          break;
        }
        Thread.sleep(100);
      }
      Thread.sleep(2000);
      running.set(false);
      load.shutdown();
      load.awaitTermination(1, TimeUnit.MINUTES);

      long staleAfter = checkQuiescent();
      LOG.info(
          "requests="
              + requests
              + " writes="
              + writes
              + " 5xx="
              + serverErrors
              + " stale="
              + stale
              + " staleAfter="
              + staleAfter
              + " firstHitAfterRestartMs="
              + firstHitMillis
              + " hitsBeforeOutage="
              + hitsBeforeOutage
              + " problems="
              + problems);
      assertEquals(0, serverErrors.get(), "no 5xx: " + problems);
      assertEquals(0, stale.get(), "no stale read: " + problems);
      assertEquals(0, staleAfter, "no stale value afterwards: " + problems);
      assertTrue(writes.get() > 20, "writes went on: " + writes);
      assertTrue(hitsBeforeOutage > 0, "the cache served before the outage");
      assertTrue(
          firstHitMillis >= 0 && firstHitMillis < 10_000,
          "hits again soon after the restart: " + firstHitMillis);
    } finally {
      redis.close();
    }
  }

  private void setUp() throws Exception {
    long category = id(post("/api/categories", "{\"name\":\"outage\"}"));
    for (int p = 0; p < PRODUCTS; p++) {
      ids[p] = id(post("/api/products", product(p, 0, category)));
    }
  }

  private void loop(Step step) {
    while (running.get()) {
      try {
        step.run();
      } catch (Exception e) {
        problems.add(e.toString());
      }
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private void read() throws Exception {
    int p = ThreadLocalRandom.current().nextInt(PRODUCTS);
    long floor = returned.get(p);
    HttpResponse<String> response = get("/api/products/" + ids[p]);
    if (!count(response)) {
      return;
    }
    long seen = version(Json.createReader(new StringReader(response.body())).readObject());
    if (seen < floor) {
      stale.incrementAndGet();
      problems.add("product " + p + " v" + seen + " after v" + floor);
    }
  }

  private void write() throws Exception {
    int p = ThreadLocalRandom.current().nextInt(PRODUCTS);
    synchronized (this) { // one write per product at a time, so the last version is known
      long version = returned.get(p) + 1;
      JsonObject current =
          Json.createReader(new StringReader(get("/api/products/" + ids[p]).body())).readObject();
      HttpResponse<String> response =
          send(
              "PUT",
              "/api/products/" + ids[p],
              product(p, version, current.getJsonNumber("categoryId").longValue()));
      if (count(response)) {
        returned.set(p, version);
        writes.incrementAndGet();
      }
    }
    Thread.sleep(50);
  }

  private boolean count(HttpResponse<String> response) {
    requests.incrementAndGet();
    if (response.statusCode() >= 500) {
      serverErrors.incrementAndGet();
      problems.add(response.statusCode() + " " + response.body());
      return false;
    }
    return response.statusCode() == 200;
  }

  private long checkQuiescent() throws Exception {
    long found = 0;
    for (int p = 0; p < PRODUCTS; p++) {
      long seen =
          version(
              Json.createReader(new StringReader(get("/api/products/" + ids[p]).body()))
                  .readObject());
      if (seen != returned.get(p)) {
        found++;
        problems.add("after: product " + p + " v" + seen + " expected v" + returned.get(p));
      }
    }
    return found;
  }

  private long hits() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "api/cache/stats"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(("admin:" + ADMIN).getBytes(StandardCharsets.UTF_8)))
            .build();
    JsonObject stats =
        Json.createReader(
                new StringReader(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body()))
            .readObject();
    JsonValue products = stats.getJsonObject("instance").getJsonObject("caches").get("products");
    return products == null ? 0 : products.asJsonObject().getJsonNumber("hits").longValue();
  }

  private static String product(int p, long version, long category) {
    return "{\"name\":\"o"
        + p
        + "-v"
        + version
        + "\",\"price\":\"1.00\",\"categoryId\":"
        + category
        + "}";
  }

  private static long version(JsonObject product) {
    String name = product.getString("name");
    return Long.parseLong(name.substring(name.lastIndexOf("-v") + 2));
  }

  private static long id(HttpResponse<String> response) {
    assertEquals(201, response.statusCode(), response.body());
    return Json.createReader(new StringReader(response.body()))
        .readObject()
        .getJsonNumber("id")
        .longValue();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return send("POST", path, body);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path.substring(1)))
            .timeout(Duration.ofSeconds(30));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
