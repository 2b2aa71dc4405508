package dev.granular.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.support.Deployments;
import dev.granular.support.Http;
import dev.granular.support.Http.Reply;
import dev.granular.testredis.PrivateRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's REST flows over HTTP against the deployed WAR, with the cache checked in the tests'
 * own Redis.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CatalogApiIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.application("catalog");
  }

  @ArquillianResource URL base;

  private Http http() {
    return new Http(base);
  }

  @Test
  void productFlowIsCachedAndInvalidated() throws Exception {
    Http http = http();
    long category = createCategory(http, "Books");
    Reply created =
        http.post(
            "api/products",
            "{\"name\":\"Dune\",\"description\":\"A novel\",\"price\":\"19.99\",\"categoryId\":"
                + category
                + "}");
    assertEquals(201, created.status(), created.body());
    long id = created.json().getJsonNumber("id").longValue();
    assertTrue(created.location().endsWith("/api/products/" + id), created.location());

    JsonObject before = stats(http, "products");
    Reply miss = http.get("api/products/" + id);
    assertEquals(200, miss.status(), miss.body());
    JsonObject product = miss.json();
    assertEquals("Dune", product.getString("name"));
    assertEquals("19.99", product.getString("price"));
    assertEquals(category, product.getJsonNumber("categoryId").longValue());
    assertNotNull(product.getString("updatedAt"));

    Reply hit = http.get("api/products/" + id);
    assertEquals(
        withoutViews(product), withoutViews(hit.json()), "the same product from the cache");
    assertEquals(
        product.getJsonNumber("views").longValue() + 1,
        hit.json().getJsonNumber("views").longValue(),
        "one more view");
    JsonObject after = stats(http, "products");
    assertEquals(count(before, "misses") + 1, count(after, "misses"), "one miss");
    assertEquals(count(before, "hits") + 1, count(after, "hits"), "one hit");
    assertEquals(count(before, "loads") + 1, count(after, "loads"), "one load");
    assertEquals(count(before, "puts") + 1, count(after, "puts"), "one put");
    String stored = redis("HGET", "cache:v1:products", String.valueOf(id));
    assertTrue(stored.contains("\"name\":\"Dune\""), "Redis holds the entry as JSON: " + stored);

    Reply updated =
        http.put(
            "api/products/" + id,
            "{\"name\":\"Dune\",\"description\":\"A novel\",\"price\":24.50,\"categoryId\":"
                + category
                + "}");
    assertEquals(200, updated.status(), updated.body());
    assertEquals("24.50", updated.json().getString("price"));
    assertEquals(
        "24.50", http.get("api/products/" + id).json().getString("price"), "no stale price");
    assertTrue(count(stats(http, "products"), "puts") > count(after, "puts"), "written through");

    assertEquals(204, http.delete("api/products/" + id).status());
    Reply gone = http.get("api/products/" + id);
    assertEquals(404, gone.status());
    assertTrue(gone.contentType().startsWith("application/problem+json"), gone.contentType());
    assertEquals(404, gone.json().getInt("status"));
  }

  @Test
  void aProductReadInTheLastMinuteOfItsTtlIsReloadedAheadOfItsExpiry() throws Exception {
    Http http = http();
    long id = createProduct(http, "Fresh", "1.00", createCategory(http, "Refreshed"));
    assertEquals(
        200,
        http.get("api/products/" + id).status()); // a miss: stored for the products' 10 minutes
    String timeouts = "jcache_timeout_set:{cache:v1:products}";
    String field = String.valueOf(id);
    long tenMinutes = System.currentTimeMillis() + 9 * 60_000;
    assertTrue(expiryTime(timeouts, field) > tenMinutes, "stored for ten minutes");
    // as if nine and a half minutes had gone by: 30 s left, inside the demo's one-minute
    // refresh-ahead window
    redis("ZADD", timeouts, "XX", String.valueOf(System.currentTimeMillis() + 30_000), field);
    JsonObject before = stats(http, "products");
    long backgroundBefore = refreshesAheadInTheBackground(http);

    Reply reply = http.get("api/products/" + id);

    assertEquals(200, reply.status(), reply.body());
    assertEquals("Fresh", reply.json().getString("name"), "served the cached value");
    // reloaded in the background: in the application's context and a transaction of its own
    JsonObject after = awaitRefresh(http, "products", before);
    assertEquals(
        count(before, "refreshes") + 1, count(after, "refreshes"), "refreshed ahead: " + after);
    assertEquals(count(before, "loads") + 1, count(after, "loads"), "by one load");
    assertEquals(count(before, "misses"), count(after, "misses"), "on a hit, not a miss");
    assertTrue(expiryTime(timeouts, field) > tenMinutes, "stored again for ten minutes");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (refreshesAheadInTheBackground(http) == backgroundBefore
        && System.nanoTime() < deadline) {
      Thread.sleep(20); // counted once the read returned, after its load
    }
    assertEquals(backgroundBefore + 1, refreshesAheadInTheBackground(http), "by a background read");
    JsonObject later = stats(http, "products");
    http.get("api/products/" + id);
    assertEquals(
        count(later, "loads"),
        count(stats(http, "products"), "loads"),
        "the next read is a plain hit");
  }

  /** The background reads done for refresh ahead, after checking that none failed. */
  private static long refreshesAheadInTheBackground(Http http) {
    JsonObject background =
        http.admin().get("api/cache/stats").json().getJsonObject("backgroundReads");
    JsonObject ahead = background.getJsonObject("refreshAhead");
    assertEquals(0, ahead.getInt("failures"), background.toString());
    return ahead.getJsonNumber("done").longValue();
  }

  private static long expiryTime(String timeouts, String field) throws Exception {
    String reply = redis("ZSCORE", timeouts, field); // $13\r\n1765...\r\n
    return (long) Double.parseDouble(reply.split("\r\n")[1]);
  }

  @Test
  void userFlowIsCachedAndInvalidated() {
    Http http = http();
    String email = "ada" + System.nanoTime() + "@example.org";
    Reply created = http.post("api/users", "{\"name\":\"Ada\",\"email\":\"" + email + "\"}");
    assertEquals(201, created.status(), created.body());
    long id = created.json().getJsonNumber("id").longValue();

    JsonObject before = stats(http, "users");
    JsonObject user = http.get("api/users/" + id).json();
    assertEquals("Ada", user.getString("name"));
    assertEquals(email, user.getString("email"));
    assertNotNull(user.getString("createdAt"));
    assertEquals(user, http.get("api/users/" + id).json());
    assertEquals(count(before, "hits") + 1, count(stats(http, "users"), "hits"));

    Reply renamed =
        http.put("api/users/" + id, "{\"name\":\"Ada Lovelace\",\"email\":\"" + email + "\"}");
    assertEquals(200, renamed.status(), renamed.body());
    assertEquals("Ada Lovelace", http.get("api/users/" + id).json().getString("name"));

    Reply duplicate = http.post("api/users", "{\"name\":\"Other\",\"email\":\"" + email + "\"}");
    assertEquals(409, duplicate.status(), duplicate.body());
    assertEquals(404, http.get("api/users/987654321").status());
  }

  @Test
  void categoryListsItsProducts() {
    Http http = http();
    long category = createCategory(http, "Games");
    Reply read = http.get("api/categories/" + category);
    assertEquals(200, read.status());
    assertEquals("Games", read.json().getString("name"));
    for (String name : new String[] {"Chess", "Go"}) {
      assertEquals(
          201,
          http.post(
                  "api/products",
                  "{\"name\":\"" + name + "\",\"price\":5,\"categoryId\":" + category + "}")
              .status());
    }
    Reply listing = http.get("api/categories/" + category + "/products");
    assertEquals(200, listing.status(), listing.body());
    assertEquals(2, listing.array().size());
    assertEquals("Chess", listing.array().getJsonObject(0).getString("name"));
    assertEquals(404, http.get("api/categories/987654321/products").status());
  }

  @Test
  void badInputGetsProblemDetails() {
    Http http = http();
    long category = createCategory(http, "Tools");
    String[][] cases = {
      {"api/categories", "{\"name\":\"  \"}"},
      {"api/products", "{\"name\":\"\",\"price\":\"1.00\",\"categoryId\":" + category + "}"},
      {"api/products", "{\"name\":\"Saw\",\"price\":\"-1.00\",\"categoryId\":" + category + "}"},
      {"api/products", "{\"name\":\"Saw\",\"price\":\"abc\",\"categoryId\":" + category + "}"},
      {"api/products", "{\"name\":\"Saw\",\"price\":\"1.999\",\"categoryId\":" + category + "}"},
      {"api/products", "{\"name\":\"Saw\",\"price\":\"1.00\",\"categoryId\":987654321}"},
      {"api/products", "{\"name\":\"Saw\",\"price\":\"1.00\"}"},
      {"api/products", "{\"name\":\"Saw\",\"price\":"},
      {"api/products", "not json"},
      {"api/products", ""},
      {"api/users", "{\"name\":\"Bob\",\"email\":\"not-an-email\"}"},
      {"api/users", "{\"name\":\"\",\"email\":\"bob@example.org\"}"},
    };
    for (String[] input : cases) {
      Reply reply = http.post(input[0], input[1]);
      assertEquals(400, reply.status(), input[0] + " " + input[1] + " -> " + reply.body());
      assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
      assertEquals(400, reply.json().getInt("status"));
    }
    Reply unknown =
        http.put(
            "api/products/987654321",
            "{\"name\":\"X\",\"price\":1,\"categoryId\":" + category + "}");
    assertEquals(404, unknown.status());
    assertEquals(404, http.delete("api/products/987654321").status());
    assertEquals(404, http.get("api/categories/987654321").status());
  }

  @Test
  void categoryListingIsCachedAndEveryProductChangeVoidsIt() {
    Http http = http();
    long books = createCategory(http, "Books");
    long games = createCategory(http, "Games");
    long dune = createProduct(http, "Dune", "10.00", books);
    String listing = "api/categories/" + books + "/products";

    JsonObject before = stats(http, "category-products");
    assertEquals(1, http.get(listing).array().size());
    assertEquals(1, http.get(listing).array().size());
    JsonObject after = stats(http, "category-products");
    assertEquals(count(before, "loads") + 1, count(after, "loads"), "the second listing was a hit");

    http.put("api/products/" + dune, product("Dune", "12.00", books));
    assertEquals("12.00", http.get(listing).array().getJsonObject(0).getString("price"), "updated");

    long emma = createProduct(http, "Emma", "8.00", books);
    assertEquals(2, http.get(listing).array().size(), "added");

    assertEquals(0, http.get("api/categories/" + games + "/products").array().size());
    assertEquals(200, http.put("api/products/" + emma, product("Emma", "8.00", games)).status());
    assertEquals(1, http.get(listing).array().size(), "moved out of the old category");
    assertEquals(
        "Emma",
        http.get("api/categories/" + games + "/products")
            .array()
            .getJsonObject(0)
            .getString("name"),
        "moved into the new category");

    assertEquals(204, http.delete("api/products/" + dune).status());
    assertEquals(0, http.get(listing).array().size(), "removed");
  }

  @Test
  void aListingBuiltLatelyIsReloadedAfterAProductChangeBeforeItIsAskedForAgain() throws Exception {
    Http http = http();
    long lamps = createCategory(http, "Lamps");
    long lamp = createProduct(http, "Desk lamp", "20.00", lamps);
    String listing = "api/categories/" + lamps + "/products";
    http.get(
        listing, "Cache-Control", "no-cache"); // the page built from a miss of the listing: loaded
    http.get(
        listing,
        "Cache-Control",
        "no-cache"); // built from a hit: the listing is hot on this instance
    JsonObject before = stats(http, "category-products");
    JsonObject categoriesBefore = stats(http, "categories");

    assertEquals(
        200, http.put("api/products/" + lamp, product("Desk lamp", "24.00", lamps)).status());

    JsonObject reloaded = awaitRefresh(http, "category-products", before);
    assertEquals(
        count(before, "refreshes") + 1, count(reloaded, "refreshes"), "reloaded in the background");
    assertEquals(count(before, "loads") + 1, count(reloaded, "loads"), "once");
    awaitRefresh(
        http,
        "categories",
        categoriesBefore); // the change voided the category's entry too (its tag)
    long reads = databaseReads(http);
    Reply page = http.get(listing, "Cache-Control", "no-cache");
    assertEquals(
        "24.00",
        page.array().getJsonObject(0).getString("price"),
        "the reload read the committed row");
    assertEquals(
        reads,
        databaseReads(http),
        "the page was built from the reloaded entries, not the database");
    JsonObject after = stats(http, "category-products");
    assertEquals(count(reloaded, "hits") + 1, count(after, "hits"), "a hit");
    assertEquals(count(reloaded, "misses"), count(after, "misses"), "no miss");
    JsonObject section =
        http.admin().get("api/cache/stats").json().getJsonObject("refreshAfterInvalidation");
    assertTrue(
        section.getJsonObject("caches").getJsonObject("category-products").getInt("hotKeys") >= 1,
        section.toString());
    assertEquals(0, section.getInt("failures"), section.toString());
  }

  @Test
  void tagGroupsCanBeInspectedAndInvalidated() throws Exception {
    Http http = http();
    long category = createCategory(http, "Music");
    long id = createProduct(http, "Piano", "999.00", category);
    http.get("api/products/" + id);
    http.get("api/categories/" + category + "/products");
    Http admin = http.admin();
    Reply group = admin.get("api/cache/tags/product:" + id);
    assertEquals(200, group.status(), group.body());
    assertEquals(
        3,
        group.json().getJsonNumber("entries").longValue(),
        "the product entry, the listing and its cached page");
    assertEquals(
        0,
        admin.get("api/cache/tags/product:*").json().getJsonNumber("entries").longValue(),
        "literal");

    JsonObject before = stats(http, "products");
    assertEquals(200, admin.delete("api/cache/tags/product:" + id).status());
    http.get("api/products/" + id);
    assertEquals(
        count(before, "loads") + 1, count(stats(http, "products"), "loads"), "voided by the tag");

    http.get("api/products/" + id);
    assertEquals(204, admin.delete("api/cache/products").status());
    assertEquals("0", redis("HLEN", "cache:v1:products").replaceAll("[^0-9]", ""));
  }

  @Test
  void unknownIdsAreRememberedAsAbsentBriefly() {
    Http http = http();
    long unknown = 900_000_000L + System.nanoTime() % 1_000_000;
    JsonObject before = stats(http, "products");
    assertEquals(404, http.get("api/products/" + unknown).status());
    assertEquals(404, http.get("api/products/" + unknown).status());
    JsonObject after = stats(http, "products");
    assertEquals(
        count(before, "loads") + 1, count(after, "loads"), "the second 404 came from the cache");
    assertEquals(count(before, "hits") + 1, count(after, "hits"));
  }

  @Test
  void adminEndpointsNeedTheAdminCredentialsAndTheCatalogNone() {
    Http http = http();
    long id = createProduct(http, "Lamp", "30.00", createCategory(http, "Lights"));
    http.get("api/products/" + id);
    JsonObject before = stats(http, "products");
    Http wrongPassword =
        http.withAuthorization(Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD + "x"));
    Http wrongUser = http.withAuthorization(Http.basic("root", Http.ADMIN_PASSWORD));
    for (Http client : new Http[] {http, wrongPassword, wrongUser}) {
      for (Reply refused :
          new Reply[] {
            client.get("api/cache/stats"),
            client.get("api/cache/tags/product:" + id),
            client.delete("api/cache/tags/product:" + id),
            client.delete("api/cache/products")
          }) {
        assertEquals(401, refused.status(), refused.body());
        assertEquals("Basic realm=\"cache-admin\"", refused.header("WWW-Authenticate"));
        assertTrue(
            refused.contentType().startsWith("application/problem+json"), refused.contentType());
        JsonObject problem = refused.json();
        assertEquals(401, problem.getInt("status"));
        assertEquals("about:blank", problem.getString("type"));
        assertEquals("Unauthorized", problem.getString("title"));
        assertNotNull(problem.getString("detail"));
      }
    }
    Reply product = http.get("api/products/" + id);
    assertEquals(200, product.status(), "the catalog is public: " + product.body());
    assertEquals(
        count(before, "loads"),
        count(stats(http, "products"), "loads"),
        "refused calls cleared nothing");
  }

  @Test
  void healthIsReady() {
    assertEquals(200, http().getAbsolute("/health/ready").status());
  }

  /** A product without its view count, which every successful read raises by one. */
  @Test
  void conditionalGetsAnswer304FromTheCacheWithoutADatabaseRead() throws Exception {
    Http http = http();
    long category = createCategory(http, "ETags");
    long id = createProduct(http, "Tagged", "5.00", category);
    Reply first = http.get("api/products/" + id);
    assertEquals(200, first.status(), first.body());
    String etag = first.header("ETag");
    assertTrue(etag != null && etag.matches("\"[A-Za-z0-9_-]{22}\""), "a strong ETag: " + etag);
    assertEquals("max-age=0", first.header("Cache-Control"));

    long readsBefore = databaseReads(http);
    Reply revalidated = http.get("api/products/" + id, "If-None-Match", etag);
    assertEquals(304, revalidated.status(), revalidated.body());
    assertEquals("", revalidated.body());
    assertEquals(etag, revalidated.header("ETag"));
    assertEquals(
        readsBefore, databaseReads(http), "a 304 from the cache reads nothing from the database");

    Reply other = http.get("api/products/" + id, "If-None-Match", "\"not-the-tag\"");
    assertEquals(200, other.status(), "another tag gets the full product");
    assertEquals(
        etag, other.header("ETag"), "views change, the ETag of the product's state does not");
    assertEquals(
        304,
        http.get("api/products/" + id, "If-None-Match", "\"a,b\", W/" + etag).status(),
        "If-None-Match is a list, compared weakly");
    assertEquals(
        304,
        http.get("api/products/" + id, "If-None-Match", "*").status(),
        "* names any current product");

    // Unique e-mails: the PostgreSQL pass keeps its rows from one run to the next.
    Reply user =
        http.post(
            "api/users",
            "{\"name\":\"Ada\",\"email\":\"ada-" + System.nanoTime() + "@example.com\"}");
    assertEquals(201, user.status(), user.body());
    String userPath = "api/users/" + user.json().getJsonNumber("id").longValue();
    String userTag = http.get(userPath).header("ETag");
    long beforeUser = databaseReads(http);
    assertEquals(304, http.get(userPath, "If-None-Match", userTag).status());

    String listing = "api/categories/" + category + "/products";
    String listingTag = http.get(listing).header("ETag");
    long beforeListing = databaseReads(http);
    assertEquals(304, http.get(listing, "If-None-Match", listingTag).status());
    assertEquals(
        beforeListing, databaseReads(http), "the listing's 304 read nothing from the database");
    assertTrue(
        beforeListing > beforeUser,
        "the first listing read did reach the database (the counter counts)");

    Reply openApi = http.getAbsolute("/openapi");
    assertEquals(200, openApi.status(), openApi.body());
    for (String documented :
        new String[] {"If-None-Match", "If-Match", "ETag", "Cache-Control", "304", "412"}) {
      assertTrue(openApi.body().contains(documented), "the OpenAPI document shows " + documented);
    }
  }

  @Test
  void aWriteChangesTheETagAndIfMatchRefusesAStaleOne() throws Exception {
    Http http = http();
    long category = createCategory(http, "IfMatch");
    long id = createProduct(http, "Original", "7.00", category);
    String path = "api/products/" + id;
    String original = http.get(path).header("ETag");

    Reply updated = http.put(path, product("Renamed", "7.00", category), "If-Match", original);
    assertEquals(200, updated.status(), updated.body());
    String renamed = updated.header("ETag");
    assertTrue(renamed != null && !renamed.equals(original), renamed);
    Reply afterWrite = http.get(path, "If-None-Match", original);
    assertEquals(200, afterWrite.status(), "the old ETag no longer matches at once");
    assertEquals(renamed, afterWrite.header("ETag"));
    assertEquals("Renamed", afterWrite.json().getString("name"));

    Reply stale = http.put(path, product("Lost update", "1.00", category), "If-Match", original);
    assertEquals(412, stale.status(), stale.body());
    assertTrue(stale.contentType().startsWith("application/problem+json"), stale.contentType());
    assertEquals(412, stale.json().getInt("status"));
    Reply unchanged = http.get(path);
    assertEquals("Renamed", unchanged.json().getString("name"), "nothing changed");
    assertEquals(renamed, unchanged.header("ETag"));

    String email = "bo-" + System.nanoTime() + "@example.com";
    Reply user = http.post("api/users", "{\"name\":\"Bo\",\"email\":\"" + email + "\"}");
    assertEquals(201, user.status(), user.body());
    String userPath = "api/users/" + user.json().getJsonNumber("id").longValue();
    String userTag = http.get(userPath).header("ETag");
    String changed = "{\"name\":\"Bo B\",\"email\":\"" + email + "\"}";
    assertEquals(200, http.put(userPath, changed, "If-Match", userTag).status());
    assertEquals(
        412,
        http.put(userPath, "{\"name\":\"Old\",\"email\":\"" + email + "\"}", "If-Match", userTag)
            .status());
    assertEquals("Bo B", http.get(userPath).json().getString("name"));
  }

  @Test
  void categoryListingResponsesAreCachedPerRepresentationAndVoidedByAWrite() throws Exception {
    Http http = http();
    String pages = "category-product-pages";
    long category = createCategory(http, "Pages");
    long pen = createProduct(http, "Pen, blue", "1.50", category);
    String listing = "api/categories/" + category + "/products";

    Reply json = http.get(listing, "Accept", "application/json");
    assertEquals(200, json.status(), json.body());
    assertEquals("granular; fwd=uri-miss", json.header("Cache-Status"));
    assertTrue(
        json.header("Vary").contains("Accept") && json.header("Vary").contains("Accept-Encoding"),
        json.header("Vary"));
    JsonObject pagesBefore = stats(http, pages);
    JsonObject partsBefore = stats(http, "category-products");
    long readsBefore = databaseReads(http);

    Reply jsonHit = http.get(listing, "Accept", "application/json");
    assertEquals("granular; hit", jsonHit.header("Cache-Status"));
    assertEquals(json.body(), jsonHit.body());
    assertEquals(json.header("ETag"), jsonHit.header("ETag"));
    assertTrue(jsonHit.contentType().startsWith("application/json"), jsonHit.contentType());
    assertNotNull(jsonHit.header("Age"));
    assertEquals(count(pagesBefore, "hits") + 1, count(stats(http, pages), "hits"));
    assertEquals(
        count(partsBefore, "hits"),
        count(stats(http, "category-products"), "hits"),
        "a hit does not run the method");

    Reply csv = http.get(listing, "Accept", "text/csv");
    assertEquals(200, csv.status(), csv.body());
    assertEquals("granular; fwd=uri-miss", csv.header("Cache-Status"), "not served the JSON entry");
    assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
    assertTrue(
        csv.body().startsWith("id,name,price,updatedAt\r\n" + pen + ",\"Pen, blue\",1.50,"),
        csv.body());
    Reply csvHit = http.get(listing, "Accept", "text/csv");
    assertEquals("granular; hit", csvHit.header("Cache-Status"));
    assertEquals(csv.body(), csvHit.body());
    assertTrue(csvHit.contentType().startsWith("text/csv"), csvHit.contentType());
    assertNotEquals(
        json.header("ETag"), csvHit.header("ETag"), "each representation has its own tag");
    assertEquals(
        json.body(),
        http.get(listing, "Accept", "application/json").body(),
        "the JSON entry is intact");
    assertEquals(
        readsBefore, databaseReads(http), "every answer since the first came from a cache");

    Reply revalidated =
        http.get(listing, "Accept", "application/json", "If-None-Match", json.header("ETag"));
    assertEquals(304, revalidated.status());
    assertEquals("granular; hit", revalidated.header("Cache-Status"));
    assertEquals(json.header("ETag"), revalidated.header("ETag"));
    assertEquals(
        304,
        http.get(
                listing,
                "Accept",
                "application/json",
                "If-None-Match",
                "\"x\", W/" + json.header("ETag"))
            .status(),
        "If-None-Match is a list, compared weakly");
    Reply otherTag =
        http.get(listing, "Accept", "application/json", "If-None-Match", "\"not-the-tag\"");
    assertEquals(200, otherTag.status());
    assertEquals("granular; hit", otherTag.header("Cache-Status"));
    assertEquals(json.body(), otherTag.body());
    assertEquals(
        412,
        http.get(listing, "Accept", "application/json", "If-Match", "\"not-the-tag\"").status(),
        "a stored page that fails If-Match is not sent");
    assertEquals(
        200,
        http.get(listing, "Accept", "application/json", "If-Match", json.header("ETag")).status());

    Reply bypass = http.get(listing, "Accept", "application/json", "Cache-Control", "no-cache");
    assertEquals(200, bypass.status());
    assertEquals(
        "granular; fwd=request",
        bypass.header("Cache-Status"),
        "no-cache skips the stored response");

    Reply alice = http.get(listing, "Accept", "application/json", "Authorization", "Bearer alice");
    assertEquals(
        "granular; fwd=uri-miss",
        alice.header("Cache-Status"),
        "credentials never get the shared entry");
    assertEquals(
        "granular; hit",
        http.get(listing, "Accept", "application/json", "Authorization", "Bearer alice")
            .header("Cache-Status"),
        "but their own");
    assertEquals(
        "granular; fwd=uri-miss",
        http.get(listing, "Accept", "application/json", "Authorization", "Bearer bob")
            .header("Cache-Status"),
        "and not another user's");

    assertEquals(
        200, http.put("api/products/" + pen, product("Pen, blue", "2.25", category)).status());
    Reply afterWrite = http.get(listing, "Accept", "application/json");
    assertEquals(
        "granular; fwd=uri-miss",
        afterWrite.header("Cache-Status"),
        "the write voided the page at once");
    assertEquals("2.25", afterWrite.array().getJsonObject(0).getString("price"));
    Reply csvAfterWrite = http.get(listing, "Accept", "text/csv");
    assertTrue(csvAfterWrite.body().contains(",2.25,"), csvAfterWrite.body());
    assertEquals(
        "2.25",
        http.get(listing, "Accept", "application/json", "Authorization", "Bearer alice")
            .array()
            .getJsonObject(0)
            .getString("price"),
        "a user's own entry is voided too");

    long pencil = createProduct(http, "Pencil", "0.80", category);
    Reply afterCreate = http.get(listing, "Accept", "application/json");
    assertEquals(2, afterCreate.array().size(), afterCreate.body());
    assertEquals(pencil, afterCreate.array().getJsonObject(1).getJsonNumber("id").longValue());
    assertEquals(404, http.get("api/categories/" + Long.MAX_VALUE + "/products").status());
    assertEquals(
        "granular; fwd=uri-miss",
        http.get("api/categories/" + Long.MAX_VALUE + "/products").header("Cache-Status"),
        "a 404 is not stored");
  }

  @Test
  void aResponseIsNotStoredWhenAPartChangedWhileItWasBuiltOrCannotBeTracked() {
    Http http = http();
    long id = System.nanoTime();
    String racing = "api/it/pages/racing/" + id;
    long refusedBefore = count(stats(http, "it-pages"), "refusedStores");
    Reply raced = http.get(racing, "X-Change-Part", "yes");
    assertEquals(200, raced.status(), raced.body());
    assertEquals("granular; fwd=uri-miss", raced.header("Cache-Status"));
    Reply next = http.get(racing);
    assertEquals(
        "granular; fwd=uri-miss", next.header("Cache-Status"), "the raced page was not stored");
    assertNotEquals(raced.body(), next.body(), "built again");
    Reply stored = http.get(racing);
    assertEquals("granular; hit", stored.header("Cache-Status"), "a page built in peace is stored");
    assertEquals(next.body(), stored.body());

    String untracked = "api/it/pages/untracked/" + id;
    Reply first = http.get(untracked);
    assertEquals(200, first.status(), first.body());
    Reply second = http.get(untracked);
    assertEquals(
        "granular; fwd=uri-miss",
        second.header("Cache-Status"),
        "a part nothing could void: never stored");
    assertNotEquals(first.body(), second.body());
    assertEquals(
        refusedBefore + 3,
        count(stats(http, "it-pages"), "refusedStores"),
        "one raced build, two untracked ones");
  }

  /**
   * The statistics of {@code cache} once it counts a refresh more than {@code before} (at most 5
   * s).
   */
  /**
   * The cache's counters once a background refresh has run since {@code before}: counted as a
   * refresh when it starts and as a load when its load ends, so both must have moved (or 10 s
   * passed).
   */
  private static JsonObject awaitRefresh(Http http, String cache, JsonObject before)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    JsonObject now = stats(http, cache);
    while ((count(now, "refreshes") == count(before, "refreshes")
            || count(now, "loads") == count(before, "loads"))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
      now = stats(http, cache);
    }
    return now;
  }

  private static long databaseReads(Http http) {
    return http.get("api/demo/database").json().getJsonNumber("reads").longValue();
  }

  private static JsonObject withoutViews(JsonObject product) {
    return Json.createObjectBuilder(product).remove("views").build();
  }

  private static long createCategory(Http http, String name) {
    Reply reply = http.post("api/categories", "{\"name\":\"" + name + "\"}");
    assertEquals(201, reply.status(), reply.body());
    assertNotNull(reply.location());
    return reply.json().getJsonNumber("id").longValue();
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

  private static long createProduct(Http http, String name, String price, long category) {
    Reply reply = http.post("api/products", product(name, price, category));
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getJsonNumber("id").longValue();
  }

  private static JsonObject stats(Http http, String cache) {
    Reply reply = http.admin().get("api/cache/stats");
    assertEquals(200, reply.status(), reply.body());
    JsonObject all = reply.json().getJsonObject("instance").getJsonObject("caches");
    return all.containsKey(cache) ? all.getJsonObject(cache) : JsonObject.EMPTY_JSON_OBJECT;
  }

  private static long count(JsonObject stats, String counter) {
    return stats.containsKey(counter) ? stats.getJsonNumber(counter).longValue() : 0;
  }

  private static String redis(String... command) throws Exception {
    return PrivateRedis.command(Integer.getInteger("test.redis.port"), command);
  }
}
