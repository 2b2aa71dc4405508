package dev.granular.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.granular.support.Deployments;
import dev.granular.support.Http;
import dev.granular.support.Http.Reply;
import dev.granular.testredis.PrivateRedis;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What operators see and do: statistics per instance and cluster-wide, Prometheus metrics, the
 * dashboard in a real headless Chromium, warming on request, and the write-through update path.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperationsIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.application("operations");
  }

  @ArquillianResource URL base;

  private Http http() {
    return new Http(base);
  }

  @Test
  void statisticsAreCountedPerCacheAndAddedUpInRedis() throws Exception {
    Http http = http();
    long category = createCategory(http, "Stats");
    long id = createProduct(http, "Counted", category);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, http.get("api/products/" + id).status());
    }
    assertEquals(200, http.get("api/categories/" + category + "/products").status());

    JsonObject stats = stats(http);
    JsonObject local =
        stats.getJsonObject("instance").getJsonObject("caches").getJsonObject("products");
    assertTrue(local.getJsonNumber("hits").longValue() >= 2, local.toString());
    assertTrue(local.getJsonNumber("loads").longValue() >= 1, local.toString());
    assertTrue(local.getJsonNumber("loadMillis").longValue() >= 0, local.toString());
    JsonObject cluster = stats.getJsonObject("cluster");
    assertTrue(cluster.getInt("instances") >= 1, cluster.toString());
    long clusterHits =
        cluster.getJsonObject("caches").getJsonObject("products").getJsonNumber("hits").longValue();
    assertTrue(
        clusterHits >= local.getJsonNumber("hits").longValue(),
        "reported totals include this instance");
    String[] reply =
        redis("HGET", "cache:stats:cache:products", "hits")
            .trim()
            .split("\r?\n"); // RESP: $n, value
    long inRedis = Long.parseLong(reply[reply.length - 1].trim());
    assertTrue(
        inRedis >= clusterHits, "the totals live in Redis: " + inRedis + " vs " + clusterHits);
    JsonObject direct = stats.getJsonObject("directConnections");
    assertTrue(
        direct.getBoolean("enabled"),
        "a single server over redis://: hits go over direct connections");
    assertTrue(
        direct.getJsonNumber("calls").longValue() >= 2, "the hits above went over them: " + direct);
    assertTrue(
        direct.getInt("idle") >= 1 && direct.getJsonNumber("opened").longValue() >= 1,
        direct.toString());
    assertTrue(
        direct.getJsonNumber("carried").longValue() >= 2,
        "views counted with the reads above: " + direct);

    // A committed update invalidates tags: counted with its lag, and the listing entry that
    // depended on the product is deleted in the background and counted as a tag eviction of its
    // cache.
    long invalidationsBefore =
        stats
            .getJsonObject("instance")
            .getJsonObject("invalidations")
            .getJsonNumber("invalidations")
            .longValue();
    long evictionsBefore = counter(stats, "category-products", "tagEvictions");
    assertEquals(200, http.put("api/products/" + id, product("Counted again", category)).status());
    awaitTrue(
        () -> counter(stats(http), "category-products", "tagEvictions") > evictionsBefore,
        "listing evicted by tag");
    JsonObject after = stats(http);
    JsonObject invalidations = after.getJsonObject("instance").getJsonObject("invalidations");
    assertTrue(
        invalidations.getJsonNumber("invalidations").longValue() > invalidationsBefore,
        invalidations.toString());
    assertTrue(
        invalidations.getJsonNumber("lagP99Micros").longValue() > 0, invalidations.toString());
    JsonObject listing =
        after.getJsonObject("instance").getJsonObject("caches").getJsonObject("category-products");
    assertTrue(listing.getJsonNumber("evictionBatches").longValue() >= 1, listing.toString());
    assertEquals(
        0,
        invalidations.getJsonNumber("failures").longValue(),
        "no invalidation failed on this instance");

    Reply history = http.admin().get("api/cache/stats/history");
    assertEquals(200, history.status(), history.body());
    assertTrue(history.array().size() >= 1, "one point per report: " + history.body());
  }

  @Test
  void metricsArePublishedForPrometheus() throws Exception {
    Http http = http();
    long id = createProduct(http, "Metered", createCategory(http, "Metrics"));
    http.get("api/products/" + id);
    http.get("api/products/" + id);
    long localHits = counter(stats(http), "products", "hits", "instance");
    Pattern hits = Pattern.compile("(?m)^cache_hits_total\\{cache=\"products\"[^}]*\\} ([0-9.]+)$");
    awaitTrue(
        () -> {
          Matcher matcher = hits.matcher(http.getAbsolute("/metrics").body());
          return matcher.find() && Double.parseDouble(matcher.group(1)) >= localHits;
        },
        "cache_hits_total{cache=\"products\"} reaches this instance's count " + localHits);
    String metrics = http.getAbsolute("/metrics").body();
    assertTrue(metrics.contains("# TYPE cache_hits_total counter"), "a Prometheus counter");
    for (String name :
        List.of(
            "cache_misses_total",
            "cache_loads_total",
            "cache_load_millis_total",
            "cache_puts_total")) {
      assertTrue(metrics.contains(name + "{cache=\"products\""), name + " missing");
    }
    assertTrue(metrics.contains("cache_invalidation_lag_p99_micros"), "invalidation lag gauge");
  }

  @Test
  void dashboardShowsHitRatesAndTagGroupsInABrowser() throws Exception {
    Http http = http();
    assertEquals(401, http.get("dashboard/").status(), "the dashboard needs the admin credentials");
    assertEquals(401, http.get("dashboard/dashboard.js").status());
    assertEquals(200, http.admin().get("dashboard/").status());
    long category = createCategory(http, "Dashboard");
    long first = createProduct(http, "Shown", category);
    createProduct(http, "Also shown", category);
    for (int i = 0; i < 5; i++) {
      http.get("api/products/" + first);
      http.get("api/categories/" + category + "/products");
    }
    stats(http); // report now, so the totals and tag groups include these calls
    assumeTrue(
        Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (.ci/run installs it)");

    String page =
        base.toString().replace("://", "://" + Http.ADMIN_USER + ":" + Http.ADMIN_PASSWORD + "@")
            + "dashboard/?refresh=1000";
    String dom = chromium("--dump-dom", page);
    Matcher refreshes = Pattern.compile("data-refreshes=\"(\\d+)\"").matcher(dom);
    assertTrue(
        refreshes.find() && Integer.parseInt(refreshes.group(1)) >= 2,
        "refreshed live at least twice: " + dom);
    assertTrue(dom.contains("<tr data-cache=\"products\">"), "products row: " + dom);
    Matcher hits =
        Pattern.compile("<tr data-cache=\"products\">.*?data-field=\"hits\">([0-9,]+)<")
            .matcher(dom);
    assertTrue(hits.find(), dom);
    assertTrue(
        Long.parseLong(hits.group(1).replace(",", "")) >= 4,
        "cluster hits shown: " + hits.group(1));
    assertTrue(
        Pattern.compile("<polyline data-cache=\"products\" data-points=\"\\d+\"")
            .matcher(dom)
            .find(),
        "hit-rate line drawn: " + dom);
    JsonObject largest = stats(http).getJsonArray("tagGroups").getJsonObject(0);
    String row =
        "<tr data-tag=\""
            + largest.getString("tag")
            + "\"><td>"
            + largest.getString("tag")
            + "</td><td data-field=\"entries\">"
            + largest.getJsonNumber("entries").longValue()
            + "<";
    assertTrue(
        largest.getJsonNumber("entries").longValue() >= 2,
        "product tags group two entries: " + largest);
    assertTrue(dom.contains(row), "the largest tag group is listed: " + row + " in " + dom);
    assertTrue(!dom.contains("update failed"), dom);

    Path screenshot = Path.of("target", "dashboard", "dashboard.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    Files.deleteIfExists(screenshot);
    chromium("--screenshot=" + screenshot, "--window-size=1280,1100", page);
    assertTrue(Files.size(screenshot) > 20_000, "screenshot saved: " + screenshot);
  }

  @Test
  void warmingLoadsTheMostRecentlyUpdatedProductsOnRequest() throws Exception {
    Http http = http();
    long category = createCategory(http, "Warm");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(createProduct(http, "Warm " + i, category));
    }
    assertEquals(204, http.admin().delete("api/cache/products").status());

    redis("SET", "cache:warming", "another-instance", "PX", "60000");
    Reply busy = http.admin().post("api/cache/warm?warmer=products&limit=5", "");
    assertEquals(409, busy.status(), busy.body());
    assertTrue(busy.contentType().startsWith("application/problem+json"));
    assertTrue(busy.json().getString("detail").contains("another-instance"), busy.body());
    redis("DEL", "cache:warming");
    assertEquals(400, http.admin().post("api/cache/warm?warmer=products&limit=0", "").status());
    assertEquals(400, http.admin().post("api/cache/warm?warmer=nothing", "").status());
    assertEquals(401, http.post("api/cache/warm", "").status());

    Reply started = http.admin().post("api/cache/warm?warmer=products&limit=5", "");
    assertEquals(202, started.status(), started.body());
    assertEquals("running", started.json().getString("state"));
    awaitTrue(
        () -> "done".equals(http.admin().get("api/cache/warm").json().getString("state")),
        "warming done");
    JsonObject done = http.admin().get("api/cache/warm").json();
    assertEquals(5, done.getInt("total"), done.toString());
    assertEquals(5, done.getInt("warmed"), done.toString());
    assertEquals(0, done.getInt("failed"), done.toString());
    assertEquals(
        "done", stats(http).getJsonObject("warming").getString("state"), "in the statistics too");

    long loads = counter(stats(http), "products", "loads", "instance");
    for (long id : ids.subList(3, 8)) { // the five most recently updated
      assertEquals(200, http.get("api/products/" + id).status());
    }
    assertEquals(
        loads,
        counter(stats(http), "products", "loads", "instance"),
        "warmed: served without a load");
    http.get("api/products/" + ids.get(0));
    assertEquals(
        loads + 1,
        counter(stats(http), "products", "loads", "instance"),
        "older products were not warmed");

    Reply again = http.admin().post("api/cache/warm?warmer=products&limit=5", "");
    assertEquals(429, again.status(), again.body());
    assertNotNull(again.header("Retry-After"));
  }

  @Test
  void updatesWriteTheNewValueThroughAfterCommit() throws Exception {
    Http http = http();
    long category = createCategory(http, "Write");
    long id = createProduct(http, "Before", category);
    assertEquals("Before", http.get("api/products/" + id).json().getString("name"));
    JsonObject before =
        stats(http).getJsonObject("instance").getJsonObject("caches").getJsonObject("products");

    Reply updated = http.put("api/products/" + id, product("After", category));
    assertEquals(200, updated.status(), updated.body());
    String stored = redis("HGET", "cache:v1:products", String.valueOf(id));
    assertTrue(
        stored.contains("\"name\":\"After\""),
        "the new value is in Redis right after the response: " + stored);
    assertEquals("After", http.get("api/products/" + id).json().getString("name"));
    JsonObject after =
        stats(http).getJsonObject("instance").getJsonObject("caches").getJsonObject("products");
    assertEquals(
        count(before, "loads"), count(after, "loads"), "the read after the write is a hit");
    assertEquals(count(before, "puts") + 1, count(after, "puts"), "one put, after commit");
    assertEquals(count(before, "refusedStores"), count(after, "refusedStores"));
  }

  private String chromium(String... arguments) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--virtual-time-budget=5000",
                "--user-data-dir=" + Files.createTempDirectory("chromium")));
    command.addAll(List.of(arguments));
    Path out = Files.createTempFile("chromium", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertTrue(process.waitFor(90, TimeUnit.SECONDS), "chromium finished");
    return Files.readString(out);
  }

  @Test
  void benchmarkBaselinesServeTheBareProductTheFloorAfterARedisRoundTrip() {
    Http http = http();
    Reply bare = http.get("api/demo/bare/products/42");
    assertEquals(200, bare.status(), bare.body());
    assertEquals(42, bare.json().getInt("id"));
    long callsBefore =
        stats(http).getJsonObject("directConnections").getJsonNumber("calls").longValue();
    Reply floor = http.get("api/demo/floor/products/42");
    assertEquals(200, floor.status(), floor.body());
    assertEquals(bare.json(), floor.json(), "the floor answers the bare product");
    long callsAfter =
        stats(http).getJsonObject("directConnections").getJsonNumber("calls").longValue();
    assertTrue(
        callsAfter > callsBefore,
        "the floor asked Redis over a direct connection: " + callsBefore + " -> " + callsAfter);
  }

  private static JsonObject stats(Http http) {
    Reply reply = http.admin().get("api/cache/stats?fresh=true&groups=50");
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  private static long counter(JsonObject stats, String cache, String counter) {
    return counter(stats, cache, counter, "instance");
  }

  private static long counter(JsonObject stats, String cache, String counter, String scope) {
    JsonObject caches = stats.getJsonObject(scope).getJsonObject("caches");
    return caches.containsKey(cache) ? count(caches.getJsonObject(cache), counter) : 0;
  }

  private static long count(JsonObject stats, String counter) {
    return stats.containsKey(counter) ? stats.getJsonNumber(counter).longValue() : 0;
  }

  private static void awaitTrue(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(100);
    }
  }

  private static long createCategory(Http http, String name) {
    Reply reply =
        http.post("api/categories", "{\"name\":\"" + name + " " + System.nanoTime() + "\"}");
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getJsonNumber("id").longValue();
  }

  private static String product(String name, long category) {
    return "{\"name\":\"" + name + "\",\"price\":\"5.00\",\"categoryId\":" + category + "}";
  }

  private static long createProduct(Http http, String name, long category) {
    Reply reply = http.post("api/products", product(name, category));
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getJsonNumber("id").longValue();
  }

  private static String redis(String... command) throws Exception {
    return PrivateRedis.command(Integer.getInteger("test.redis.port"), command);
  }
}
