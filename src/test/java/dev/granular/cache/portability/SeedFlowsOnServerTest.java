package dev.granular.cache.portability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.support.Http;
import dev.granular.support.Http.Reply;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The seed flows against an application already running on any server, named by {@code -Dapp.url}:
 * how the same WAR is checked on a second Jakarta EE 10 server ({@code
 * src/test/liberty/run-on-liberty.sh} starts Open Liberty and runs this). Skipped without {@code
 * app.url}. The server must run with the admin credentials of {@link Http}.
 */
@EnabledIfSystemProperty(named = "app.url", matches = ".+")
class SeedFlowsOnServerTest {

  private final Http http = new Http(toUrl(System.getProperty("app.url")));

  @Test
  void theCatalogIsCachedAndEveryWriteIsSeenAtOnce() {
    long category = id(http.post("api/categories", "{\"name\":\"Portable\"}"));
    long id = id(http.post("api/products", product("Hammer", "9.90", category)));
    String path = "api/products/" + id;

    Reply first = http.get(path);
    assertEquals(200, first.status(), first.body());
    assertEquals("9.90", first.json().getString("price"));
    String etag = first.header("ETag");
    assertNotNull(etag);
    assertEquals(304, http.get(path, "If-None-Match", etag).status(), "revalidated from the cache");

    long hitsBefore = hits("products");
    http.get(path);
    assertTrue(hits("products") > hitsBefore, "the second read is a cache hit");

    String listing = "api/categories/" + category + "/products";
    assertEquals(
        "granular; fwd=uri-miss", http.get(listing, "Accept", "text/csv").header("Cache-Status"));
    Reply page = http.get(listing, "Accept", "text/csv");
    assertEquals("granular; hit", page.header("Cache-Status"));
    assertTrue(page.body().contains(",9.90,"), page.body());

    Reply updated = http.put(path, product("Hammer", "12.50", category), "If-Match", etag);
    assertEquals(200, updated.status(), updated.body());
    assertEquals(
        "12.50", http.get(path).json().getString("price"), "no stale value after the commit");
    Reply pageAfter = http.get(listing, "Accept", "text/csv");
    assertEquals(
        "granular; fwd=uri-miss",
        pageAfter.header("Cache-Status"),
        "the page was voided by the write");
    assertTrue(pageAfter.body().contains(",12.50,"), pageAfter.body());
    assertNotEquals(etag, http.get(path).header("ETag"));

    Reply stale = http.put(path, product("Lost", "1.00", category), "If-Match", etag);
    assertEquals(412, stale.status(), stale.body());
    assertTrue(stale.contentType().startsWith("application/problem+json"), stale.contentType());

    assertEquals(204, http.delete(path).status());
    Reply gone = http.get(path);
    assertEquals(404, gone.status(), "no stale value after a delete");
    assertTrue(gone.contentType().startsWith("application/problem+json"), gone.contentType());
  }

  @Test
  void badInputGetsAProblemAndUsersRoundTrip() {
    Reply bad = http.post("api/products", "{\"name\":\"\",\"price\":\"-1\",\"categoryId\":1}");
    assertEquals(400, bad.status(), bad.body());
    assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
    Reply notJson = http.post("api/categories", "{\"name\":");
    assertEquals(400, notJson.status(), notJson.body());

    String email = "portable-" + System.nanoTime() + "@example.com";
    long user = id(http.post("api/users", "{\"name\":\"Ada\",\"email\":\"" + email + "\"}"));
    assertEquals(email, http.get("api/users/" + user).json().getString("email"));
    assertEquals(
        409, http.post("api/users", "{\"name\":\"Ada\",\"email\":\"" + email + "\"}").status());
  }

  @Test
  void operatorsEndpointsWork() {
    assertEquals(200, http.getAbsolute("/health/ready").status());
    Reply openApi = http.getAbsolute("/openapi");
    assertEquals(200, openApi.status());
    assertTrue(
        openApi.body().contains("If-None-Match"), "the hand-written OpenAPI document is served");
    assertEquals(401, http.get("api/cache/stats").status());
    assertEquals(200, http.admin().get("api/cache/stats").status());
  }

  private long hits(String cache) {
    Reply stats = http.admin().get("api/cache/stats");
    assertEquals(200, stats.status(), stats.body());
    var caches = stats.json().getJsonObject("instance").getJsonObject("caches");
    return caches.containsKey(cache)
        ? caches.getJsonObject(cache).getJsonNumber("hits").longValue()
        : 0;
  }

  private static long id(Reply created) {
    assertEquals(201, created.status(), created.body());
    return created.json().getJsonNumber("id").longValue();
  }

  private static String product(String name, String price, long category) {
    return "{\"name\":\""
        + name
        + "\",\"price\":\""
        + price
        + "\",\"categoryId\":"
        + category
        + "}";
  }

  private static java.net.URL toUrl(String url) {
    try {
      return URI.create(url == null ? "http://127.0.0.1:1/" : url).toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException("app.url=" + url, e);
    }
  }
}
