package dev.granular.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.support.Http;
import dev.granular.support.Http.Reply;
import dev.granular.testredis.PrivateRedis;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Payara Micro instances on one Redis and database: warming at startup fills the cache with the
 * most recently updated products, one warming run at a time across instances, and the statistics
 * add up across instances. The same pair shows that an ETag one instance hands out stops matching
 * on the other as soon as a write commits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarmingIT {

  private static final int PRODUCTS = 30;
  private static final int STARTUP_LIMIT = 10;
  private static Cluster cluster;
  private static Http first;
  private static Http second;
  private static final List<Long> ids = new ArrayList<>();

  @BeforeAll
  static void startWithDataThenWarmASecondInstance() throws Exception {
    Map<String, String> settings =
        Map.of(
            "ADMIN_USER", Http.ADMIN_USER,
            "ADMIN_PASSWORD", Http.ADMIN_PASSWORD,
            "cache.warm.startup-limit", "0",
            "cache.warm.cooldown", "0s",
            "cache.warm.rate", "20",
            "cache.stats.report-interval", "1s");
    cluster = Cluster.start("warming", 1, settings);
    first = new Http(URI.create(cluster.get(0).baseUrl()).toURL());
    Reply category = first.post("api/categories", "{\"name\":\"Warm " + System.nanoTime() + "\"}");
    assertEquals(201, category.status(), category.body());
    long categoryId = category.json().getJsonNumber("id").longValue();
    for (int i = 0; i < PRODUCTS; i++) {
      Reply product =
          first.post(
              "api/products",
              "{\"name\":\"W" + i + "\",\"price\":\"1.00\",\"categoryId\":" + categoryId + "}");
      assertEquals(201, product.status(), product.body());
      ids.add(product.json().getJsonNumber("id").longValue());
    }
    assertEquals(204, first.admin().delete("api/cache/products").status());
    cluster.add(Map.of("cache.warm.startup-limit", String.valueOf(STARTUP_LIMIT)));
    second = new Http(URI.create(cluster.get(1).baseUrl()).toURL());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void startupWarmsTheMostRecentlyUpdatedProducts() throws Exception {
    awaitTrue(
        () -> "done".equals(warming(second).getString("state")),
        "startup warming done on the new instance");
    JsonObject run = warming(second);
    assertEquals("startup", run.getString("trigger"));
    assertEquals(STARTUP_LIMIT, run.getInt("total"), run.toString());
    assertEquals(STARTUP_LIMIT, run.getInt("warmed"), run.toString());
    assertEquals(
        STARTUP_LIMIT, run.getJsonNumber("loads").longValue(), "each key loaded once: " + run);
    List<Long> recent = ids.subList(PRODUCTS - STARTUP_LIMIT, PRODUCTS);
    for (long id : ids) {
      boolean cached = redis("HEXISTS", "cache:v1:products", String.valueOf(id)).contains(":1");
      assertEquals(
          recent.contains(id),
          cached,
          "product " + id + " warmed iff among the " + STARTUP_LIMIT + " newest");
    }
    String log = Files.readString(cluster.log(1));
    assertTrue(
        log.contains("Cache warming (startup) done: 10 of 10 keys of products"),
        "progress is logged");
    assertTrue(log.contains("Cache warming products: 10/10"), "progress is logged");
  }

  @Test
  @Order(2)
  void oneWarmingRunAtATimeAcrossInstances() throws Exception {
    awaitTrue(() -> !"running".equals(warming(second).getString("state")), "startup warming over");
    Reply started = first.admin().post("api/cache/warm?warmer=products&limit=" + PRODUCTS, "");
    assertEquals(202, started.status(), started.body());
    Reply refused = second.admin().post("api/cache/warm?warmer=products&limit=5", "");
    assertEquals(
        409, refused.status(), "the first instance's run holds the claim: " + refused.body());
    assertTrue(
        refused.json().getString("detail").contains("another instance is warming"), refused.body());
    awaitTrue(
        () -> "done".equals(warming(first).getString("state")),
        "the run on the first instance ends");
    assertEquals(PRODUCTS, warming(first).getInt("warmed"));
    Reply afterwards = second.admin().post("api/cache/warm?warmer=products&limit=5", "");
    assertEquals(
        202, afterwards.status(), "the claim is released at the end: " + afterwards.body());
    awaitTrue(
        () -> "done".equals(warming(second).getString("state")), "the second instance's run ends");
  }

  @Test
  @Order(3)
  void statisticsAddUpAcrossInstances() throws Exception {
    long id = ids.get(0);
    first.get("api/products/" + id); // cached from here on (or already)
    clusterHits(second); // both instances have reported everything so far
    long before = clusterHits(first);
    for (int i = 0; i < 5; i++) {
      assertEquals(200, first.get("api/products/" + id).status());
    }
    for (int i = 0; i < 7; i++) {
      assertEquals(200, second.get("api/products/" + id).status());
    }
    clusterHits(second); // the second instance reports its hits
    long after = clusterHits(first);
    assertEquals(before + 12, after, "the cluster totals hold both instances' hits");
    JsonObject stats = first.admin().get("api/cache/stats?fresh=true").json();
    assertTrue(stats.getJsonObject("cluster").getInt("instances") >= 2, stats.toString());
  }

  private static long clusterHits(Http instance) {
    JsonObject caches =
        instance
            .admin()
            .get("api/cache/stats?fresh=true")
            .json()
            .getJsonObject("cluster")
            .getJsonObject("caches");
    return caches.containsKey("products")
        ? caches.getJsonObject("products").getJsonNumber("hits").longValue()
        : 0;
  }

  private static JsonObject warming(Http instance) {
    Reply reply = instance.admin().get("api/cache/warm");
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  @Test
  @Order(4)
  void aWriteOnOneInstanceChangesTheETagOnTheOtherAtOnce() {
    String path = "api/products/" + ids.get(0);
    Reply read = second.get(path);
    assertEquals(200, read.status(), read.body());
    String before = read.header("ETag");
    assertEquals(
        304,
        second.get(path, "If-None-Match", before).status(),
        "cached and current on the second");

    String body =
        "{\"name\":\"Renamed on the first\",\"price\":\"2.00\",\"categoryId\":"
            + read.json().getJsonNumber("categoryId").longValue()
            + "}";
    Reply written = first.put(path, body, "If-Match", before);
    assertEquals(200, written.status(), written.body());
    String after = written.header("ETag");

    Reply revalidated = second.get(path, "If-None-Match", before);
    assertEquals(
        200, revalidated.status(), "the old ETag no longer matches on the second instance");
    assertEquals(after, revalidated.header("ETag"));
    assertEquals("Renamed on the first", revalidated.json().getString("name"));
    assertEquals(304, second.get(path, "If-None-Match", after).status());
    assertEquals(
        412,
        second.put(path, body, "If-Match", before).status(),
        "a stale If-Match is refused there too");
  }

  private static void awaitTrue(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(100);
    }
  }

  private static String redis(String... command) throws Exception {
    return PrivateRedis.command(Integer.getInteger("test.redis.port"), command);
  }
}
