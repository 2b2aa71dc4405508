package dev.granular.catalog;

import static dev.granular.catalog.HostileRequest.delete;
import static dev.granular.catalog.HostileRequest.get;
import static dev.granular.catalog.HostileRequest.post;
import static dev.granular.catalog.HostileRequest.put;
import static dev.granular.catalog.HostileRequest.request;

import dev.granular.support.Http;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * {@link HostileInputIT}'s table: malformed and hostile requests with the status each must get.
 * None of them may create anything, so none reads a well-formed id that does not exist (that would
 * rightly cache it as absent). One row per line, as data: long, but read down the columns.
 */
final class HostileTable {

  private static final int MIB = 1024 * 1024;

  private final long category;
  private final long product;
  private final long user;
  private final String email;

  HostileTable(long category, long product, long user, String email) {
    this.category = category;
    this.product = product;
    this.user = user;
    this.email = email;
  }

  /** A product body: these fields and the test's category. */
  private String p(String fields) {
    return "{" + fields + ",\"categoryId\":" + category + "}";
  }

  /** A product body with a valid name and price and this category id, given as raw JSON. */
  private static String withCategory(String categoryId) {
    return "{\"name\":\"Saw\",\"price\":1,\"categoryId\":" + categoryId + "}";
  }

  List<HostileRequest> rows() {
    String valid = p("\"name\":\"Saw\",\"price\":\"1.00\"");
    String big =
        p("\"name\":\"Big\",\"price\":1,\"description\":\"" + "x".repeat(3 * MIB / 2) + "\"");
    String deep = "[".repeat(100_000);
    String wrongPassword = Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD + "x");
    String adminOnly =
        "Basic " + Base64.getEncoder().encodeToString("admin".getBytes(StandardCharsets.UTF_8));
    String pp = "api/products/" + product;
    return List.of(
        // broken and truncated JSON, several documents, the wrong encoding, deep nesting
        post("api/products", "{\"name\":\"Saw\",\"price\":\"1.00\",\"categoryId\":").expect(400),
        post("api/products", "{\"name\":\"Saw\"").expect(400),
        post("api/products", "{").expect(400),
        post("api/products", "not json").expect(400),
        post("api/products", "{\"name\":\"Saw\",\"price\":1,\"categoryId\":" + category + ",}")
            .expect(400),
        post("api/products", "{'name':'Saw','price':1,'categoryId':" + category + "}").expect(400),
        post("api/products", valid + "}").expect(400),
        post("api/products", valid + valid).expect(400),
        post("api/products", "\"Saw\"").expect(400),
        post("api/products", "42").expect(400),
        post("api/products", "null").expect(400),
        post("api/products", "").expect(400),
        post("api/products", "[]").expect(400),
        post("api/products", "[" + valid + "]").expect(400),
        post("api/products", deep).expect(400),
        post("api/products", "{\"name\":" + deep).expect(400),
        post("api/products", p("\"name\":\"Saw\u0000\",\"price\":1")).expect(400),
        post("api/products", valid)
            .body("application/json", latin1(p("\"name\":\"Caf\u00e9\",\"price\":1")))
            .expect(400),
        post("api/products", valid)
            .body("application/json", valid.getBytes(StandardCharsets.UTF_16))
            .expect(400),
        post("api/products", valid)
            .body("application/json", ("\uFEFF" + valid).getBytes(StandardCharsets.UTF_8))
            .expect(400),
        // wrong types
        post("api/products", withCategory("\"abc\"")).expect(400),
        post("api/products", withCategory("\"" + category + "\"")).expect(400),
        post("api/products", withCategory(category + ".5")).expect(400),
        post("api/products", withCategory(category + ".0")).expect(400),
        post("api/products", withCategory("true")).expect(400),
        post("api/products", withCategory("{}")).expect(400),
        post("api/products", withCategory("1e999999999")).expect(400),
        post("api/products", withCategory("99999999999999999999")).expect(400),
        post("api/products", p("\"name\":{\"a\":1},\"price\":1")).expect(400),
        post("api/products", p("\"name\":42,\"price\":1")).expect(400),
        post("api/products", p("\"name\":[\"Saw\"],\"price\":1")).expect(400),
        post("api/products", p("\"name\":true,\"price\":1")).expect(400),
        post("api/products", p("\"name\":null,\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"Saw\",\"price\":true")).expect(400),
        post("api/products", p("\"name\":\"Saw\",\"price\":[1]")).expect(400),
        post("api/categories", "{\"name\":7}").expect(400),
        post("api/users", "{\"name\":\"Eve\",\"email\":[\"a@example.org\"]}").expect(400),
        // prices with exponents and too many digits
        post("api/products", p("\"name\":\"Saw\",\"price\":1e400")).expect(400),
        post("api/products", p("\"name\":\"Saw\",\"price\":\"1e-400\"")).expect(400),
        post("api/products", p("\"name\":\"Saw\",\"price\":1e-999999999")).expect(400),
        post("api/products", p("\"name\":\"Saw\",\"price\":123456789012.00")).expect(400),
        post("api/products", p("\"name\":\"Saw\",\"price\":" + "9".repeat(5000))).expect(400),
        post("api/products", p("\"name\":\"Saw\",\"price\":\"NaN\"")).expect(400),
        post("api/products", p("\"name\":\"Saw\",\"price\":\"-Infinity\"")).expect(400),
        post("api/products", p("\"name\":\"Saw\",\"price\":-0.01")).expect(400),
        // control characters, odd code points and lengths in text
        post("api/products", p("\"name\":\"Saw\\u0000\",\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"Saw\\u0007\",\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"\\u001b[31mSaw\",\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"Saw\\nSet-Cookie: x=1\",\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"Saw\\u0085\",\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"Saw\\u2028\",\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"Saw\\ud800\",\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"\\u3000\",\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"\\u200b\\ufeff\",\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"" + "x".repeat(201) + "\",\"price\":1")).expect(400),
        post("api/products", p("\"name\":\"" + "x".repeat(MIB - 100) + "\",\"price\":1"))
            .expect(400),
        post("api/products", p("\"name\":\"Saw\",\"description\":\"a\\u0000b\",\"price\":1"))
            .expect(400),
        post(
                "api/products",
                p("\"name\":\"Saw\",\"description\":\"" + "d".repeat(2001) + "\",\"price\":1"))
            .expect(400),
        post("api/categories", "{\"name\":\"Tools\\u0000\"}").expect(400),
        put(pp, p("\"name\":\"Saw\\r\\n\",\"price\":1")).expect(400),
        // properties the type does not have
        post("api/products", p("\"name\":\"Saw\",\"price\":1,\"admin\":true")).expect(400),
        post("api/products", p("\"id\":1,\"name\":\"Saw\",\"price\":1")).expect(400),
        post(
                "api/products",
                p("\"name\":\"Saw\",\"price\":1,\"updatedAt\":\"2020-01-01T00:00:00Z\""))
            .expect(400),
        post("api/categories", "{\"name\":\"Tools\",\"parentId\":1}").expect(400),
        post("api/users", "{\"name\":\"Eve\",\"email\":\"x" + email + "\",\"role\":\"admin\"}")
            .expect(400),
        // e-mail addresses built for header injection, and a duplicate
        post(
                "api/users",
                "{\"name\":\"Eve\",\"email\":\"eve@example.org\\r\\nBcc: all@example.org\"}")
            .expect(400),
        post("api/users", "{\"name\":\"Eve\",\"email\":\"eve@example.org\\nX-Injected: 1\"}")
            .expect(400),
        post("api/users", "{\"name\":\"Eve\",\"email\":\"eve\\u0000@example.org\"}").expect(400),
        post("api/users", "{\"name\":\"Eve\",\"email\":\"eve\\u2028@example.org\"}").expect(400),
        post("api/users", "{\"name\":\"Eve\",\"email\":\"" + "e".repeat(310) + "@example.org\"}")
            .expect(400),
        post("api/users", "{\"name\":\"Eve\",\"email\":\"" + email.toUpperCase() + "\"}")
            .expect(409),
        put(
                "api/users/" + user,
                "{\"name\":\"Eve\",\"email\":\"eve@example.org\\r\\nBcc: x@example.org\"}")
            .expect(400),
        // wrong content type, wrong method
        post("api/products", valid).body("text/plain", valid).expect(415),
        post("api/products", valid)
            .body("application/xml", "<product><name>Saw</name></product>")
            .expect(415),
        post("api/products", valid)
            .body("application/x-www-form-urlencoded", "name=Saw&price=1")
            .expect(415),
        post("api/products", valid).body(null, valid).expect(415),
        request("PATCH", pp).body("application/json", valid).expect(405),
        post(pp, valid).expect(405),
        get("api/products").expect(405),
        delete("api/categories/" + category).expect(405),
        delete("api/users/" + user).expect(405),
        put("api/users", "{\"name\":\"Eve\",\"email\":\"" + email + "\"}").expect(405),
        // ids that cannot exist: answered before any store or cache is asked
        get("api/products/99999999999999999999").expect(404),
        get("api/products/-1").expect(404),
        get("api/products/0").expect(404),
        get("api/products/abc").expect(404),
        get("api/products/1e3").expect(404),
        get("api/products/0x10").expect(404),
        get("api/products/%201").expect(404),
        put("api/products/-1", valid).expect(404),
        put("api/products/987654321", valid).expect(404),
        delete("api/products/0").expect(404),
        delete("api/products/987654321").expect(404),
        get("api/categories/-5").expect(404),
        get("api/categories/0/products").expect(404),
        get("api/users/-1").expect(404),
        put("api/users/0", "{\"name\":\"Eve\",\"email\":\"eve@example.org\"}").expect(404),
        // Redis glob and hash-tag characters in ids and tags
        get("api/products/*").expect(404),
        get("api/products/%3F").expect(404),
        get("api/products/%5B1-9%5D").expect(404),
        get("api/products/%7B" + product + "%7D").expect(404),
        get("api/categories/%2A/products").expect(404),
        get("api/users/%7Busers%7D").expect(404),
        get("api/cache/tags/product:*").admin().expect(200).and("0 entries", r -> entries(r) == 0),
        get("api/cache/tags/%7Bproduct:" + product + "%7D")
            .admin()
            .expect(200)
            .and("0 entries", r -> entries(r) == 0),
        get("api/cache/tags/product:%3F")
            .admin()
            .expect(200)
            .and("0 entries", r -> entries(r) == 0),
        get("api/cache/tags/product:%5B0-9%5D*")
            .admin()
            .expect(200)
            .and("0 entries", r -> entries(r) == 0),
        get("api/cache/tags/a%01b").admin().expect(400),
        get("api/cache/tags/" + "t".repeat(600)).admin().expect(400),
        // admin endpoints without the right credentials, in every spelling that reaches them
        get("api/cache/stats").expect(401),
        get("api/cache/stats").authorization(wrongPassword).expect(401),
        get("api/cache/stats").authorization(Http.basic("Admin", Http.ADMIN_PASSWORD)).expect(401),
        get("api/cache/stats").authorization(Http.basic(Http.ADMIN_USER, "")).expect(401),
        get("api/cache/stats")
            .authorization(Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD.substring(1)))
            .expect(401),
        get("api/cache/stats").authorization("Basic !!!not-base64").expect(401),
        get("api/cache/stats").authorization(adminOnly).expect(401),
        get("api/cache/stats").authorization("Bearer " + Http.ADMIN_PASSWORD).expect(401),
        get("api/cache/tags/product:" + product).expect(401),
        delete("api/cache/tags/product:" + product).expect(401),
        delete("api/cache/products").authorization(wrongPassword).expect(401),
        request("OPTIONS", "api/cache/stats").expect(401),
        request("OPTIONS", "api/cache/tags/product:" + product).expect(401),
        request("OPTIONS", "api/cache/products").expect(401),
        request("OPTIONS", "api/cache/stats")
            .admin()
            .expect(204)
            .and("Allow", r -> r.header("Allow") != null),
        get("api/cache/stats/").expect(401),
        get("api/cache/stats;x=1").expect(401),
        get("api/cache/stats/history").expect(401),
        post("api/cache/warm", "").expect(401),
        request("OPTIONS", "api/cache/warm").expect(401),
        get("dashboard/").expect(401),
        get("dashboard/dashboard.js").authorization(wrongPassword).expect(401),
        // malformed parameters of the admin endpoints: 400, never a warming run or a 404
        get("api/cache/stats?groups=abc").admin().expect(400),
        get("api/cache/stats?groups=-1").admin().expect(400),
        get("api/cache/stats?groups=1001").admin().expect(400),
        get("api/cache/stats?groups=99999999999999").admin().expect(400),
        get("api/cache/stats?fresh=maybe").admin().expect(400),
        post("api/cache/warm?limit=abc", "").admin().expect(400),
        post("api/cache/warm?limit=0", "").admin().expect(400),
        post("api/cache/warm?limit=-5", "").admin().expect(400),
        post("api/cache/warm?limit=100001", "").admin().expect(400),
        post("api/cache/warm?limit=1e3", "").admin().expect(400),
        post("api/cache/warm?warmer=nothing", "").admin().expect(400),
        post("api/cache/warm?warmer=%2A", "").admin().expect(400),
        // encoded path traversal: Jersey normalizes no dot segment, and what Payara normalizes
        // leaves the API
        get("api/products/..%2Fcache%2Fstats").expect(404),
        get("api/products/%2e%2e/cache/stats").expect(404),
        get("api/products/..%2F..%2Fcache%2Fstats").expect(404),
        get("api/products/%2e%2e/%2e%2e/cache/stats").expect(404),
        get("api/products/%2e%2e%2f%2e%2e%2fcache%2fstats").expect(404),
        get("api/products/%2e%2e").expect(404),
        get("api/products/..%5C..%5Ccache%5Cstats").expect(400).byServer(),
        get("api/products/a%00b").expect(400).byServer(),
        // bodies over 1 MiB, announced or chunked, whatever the path, type or credentials
        post("api/products", big).expect(413),
        post("api/products", big).chunked().expect(413),
        put(pp, big).expect(413),
        post("api/products", big).body("text/plain", big).expect(413),
        post("api/users", big).chunked().expect(413),
        post("api/cache/stats", big).expect(413));
  }

  private static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static long entries(Http.Reply reply) {
    return reply.json().getJsonNumber("entries").longValue();
  }
}
