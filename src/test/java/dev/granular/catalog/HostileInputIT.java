package dev.granular.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.support.Deployments;
import dev.granular.support.Http;
import dev.granular.support.Http.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed and hostile requests over HTTP: each gets the 4xx it deserves with a problem body,
 * never a 5xx, and the whole table leaves no row, no Redis key and no cache entry behind. Unusual
 * but ordinary text (accents, CJK, emoji, Redis glob and hash-tag characters) is accepted and comes
 * back exactly as sent, and glob or hash-tag characters in names, tags and cache names reach no
 * other entry.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileInputIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.application("hostile");
  }

  @ArquillianResource URL base;

  @Test
  void hostileRequestsAreRefusedAndLeaveNothingBehind() throws Exception {
    Http http = new Http(base);
    long category = created(http.post("api/categories", "{\"name\":\"Tools\"}"));
    long product =
        created(http.post("api/products", json(Map.of("name", "Saw", "price", "9.99"), category)));
    String email = "eve" + System.nanoTime() + "@example.org";
    long user = created(http.post("api/users", "{\"name\":\"Eve\",\"email\":\"" + email + "\"}"));
    String cached = withoutViews(http.get("api/products/" + product).body());

    ordinaryUnicodeIsStoredVerbatim(http, category);
    patternsInTagsAndCacheNamesReachNoOtherEntry(http, product, cached);

    try (RedisContents redis = new RedisContents(redisPort())) {
      long keysBefore = settledDbSize(redis);
      Set<String> before = redis.read();
      Map<String, Long> rowsBefore = rows(http);

      List<HostileRequest> table = new HostileTable(category, product, user, email).rows();
      List<String> failures =
          table.stream().map(row -> row.failure(http)).filter(Objects::nonNull).toList();
      assertTrue(table.size() >= 50, "the table has " + table.size() + " rows");
      assertTrue(
          failures.isEmpty(),
          failures.size()
              + " of "
              + table.size()
              + " rows failed:\n"
              + String.join("\n", failures));

      assertEquals(rowsBefore, rows(http), "no database row left behind");
      Set<String> added = new TreeSet<>(redis.read());
      added.removeAll(before);
      assertEquals(Set.of(), added, "no Redis key or cache entry left behind");
      assertEquals(keysBefore, settledDbSize(redis), "DBSIZE");
    }
    long loads = loads(http);
    assertEquals(
        cached,
        withoutViews(http.get("api/products/" + product).body()),
        "the cached product is untouched");
    assertEquals(loads, loads(http), "and still served from the cache");
  }

  /**
   * A valid body with unusual text, which must come back exactly as sent: every field of {@code
   * text}.
   */
  private record Accepted(String path, Map<String, String> text, Long categoryId) {
    String json() {
      return HostileInputIT.json(text, categoryId);
    }
  }

  /** Accepted with 201, and read back (a miss, then a hit from Redis) exactly as sent. */
  private static void ordinaryUnicodeIsStoredVerbatim(Http http, long category) {
    String[] names = {
      "Café 東京",
      "Cafe\u0301 decomposed",
      "😀 👩\u200D💻 emoji",
      "مرحبا بالعالم",
      "* ? [ ] { }",
      "{products}:1 product:* cache:v1:products",
      "a\\b \"quoted\" 'single' `tick`",
      "<script>alert(1)</script>",
      "'; DROP TABLE product; --",
      "%2e%2e/%00 ..\\..",
      "é".repeat(200),
      "\uFFFD non\u00A0breaking"
    };
    List<Accepted> table = new ArrayList<>();
    for (String name : names) {
      table.add(new Accepted("api/products", Map.of("name", name, "price", "1.00"), category));
    }
    String lines = "first line\nsecond\ttabbed\r\n* ? [ ] { }";
    table.add(
        new Accepted(
            "api/products",
            Map.of("name", "Lines", "description", lines, "price", "2.00"),
            category));
    table.add(new Accepted("api/categories", Map.of("name", "{categories} * ? [x]"), null));
    String email = "o'brien+tag" + System.nanoTime() + "@example.org";
    table.add(new Accepted("api/users", Map.of("name", "Zoë Ñandú 🙂", "email", email), null));

    List<String> failures = new ArrayList<>();
    for (Accepted row : table) {
      Reply created = http.post(row.path(), row.json());
      if (created.status() != 201) {
        failures.add(row.json() + " -> " + created.status() + " " + created.body());
        continue;
      }
      String path = row.path() + "/" + created.json().getJsonNumber("id").longValue();
      for (JsonObject read :
          List.of(created.json(), http.get(path).json(), http.get(path).json())) {
        row.text()
            .forEach(
                (field, sent) -> {
                  if (!sent.equals(read.getString(field, null))) {
                    failures.add(row.json() + " came back as " + read);
                  }
                });
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  /**
   * Tags and cache names are literal: a pattern in one voids nothing else, so the cached product
   * stays a hit.
   */
  private static void patternsInTagsAndCacheNamesReachNoOtherEntry(
      Http http, long product, String cached) {
    Http admin = http.admin();
    long loads = loads(http);
    String[] tags = {
      "product:*", "product:%3F", "product:%5B0-9%5D*", "*", "%7Bproduct:" + product + "%7D"
    };
    for (String tag : tags) {
      Reply group = admin.get("api/cache/tags/" + tag);
      assertEquals(200, group.status(), tag + ": " + group.body());
      assertEquals(0, group.json().getJsonNumber("entries").longValue(), tag + " is a literal tag");
      assertEquals(200, admin.delete("api/cache/tags/" + tag).status(), tag);
    }
    assertEquals(204, admin.delete("api/cache/%2A").status());
    assertEquals(204, admin.delete("api/cache/product%3F").status());
    assertEquals(204, admin.delete("api/cache/%7Bproducts%7D").status());
    assertEquals(cached, withoutViews(http.get("api/products/" + product).body()));
    assertEquals(loads, loads(http), "the product is still served from the cache");
  }

  private static String json(Map<String, String> fields, Long categoryId) {
    var object = Json.createObjectBuilder();
    fields.forEach(object::add);
    if (categoryId != null) {
      object.add("categoryId", categoryId);
    }
    return object.build().toString();
  }

  private static long created(Reply reply) {
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getJsonNumber("id").longValue();
  }

  private static Map<String, Long> rows(Http http) {
    JsonObject database = http.get("api/demo/database").json();
    return Map.of(
        "products", database.getJsonNumber("products").longValue(),
        "categories", database.getJsonNumber("categories").longValue(),
        "users", database.getJsonNumber("users").longValue());
  }

  private static long loads(Http http) {
    JsonObject stats = http.admin().get("api/cache/stats").json();
    return stats
        .getJsonObject("instance")
        .getJsonObject("caches")
        .getJsonObject("products")
        .getJsonNumber("loads")
        .longValue();
  }

  private static int redisPort() {
    return Integer.getInteger("test.redis.port");
  }

  /** A product's JSON without its view count, which every successful read raises by one. */
  private static String withoutViews(String productJson) {
    JsonObject product = Json.createReader(new java.io.StringReader(productJson)).readObject();
    return Json.createObjectBuilder(product).remove("views").build().toString();
  }

  /**
   * The number of keys once it has stopped moving: invalidations clean their tag sets up in the
   * background. Like DBSIZE, less the view write-back's batches ({@link RedisContents}).
   */
  private static long settledDbSize(RedisContents redis) throws Exception {
    long previous = -1;
    for (int i = 0; i < 50; i++) {
      long size = redis.keyCount();
      if (size == previous) {
        return size;
      }
      previous = size;
      Thread.sleep(200);
    }
    return previous;
  }
}
