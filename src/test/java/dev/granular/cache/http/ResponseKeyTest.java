package dev.granular.cache.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseKeyTest {

  private static final List<String> VARY = ResponseKey.ALWAYS_VARY;

  @Test
  void theKeyIsReadableAndNamesEveryVaryHeader() {
    String key =
        ResponseKey.of(
            "/api/categories/7/products", Map.of(), VARY, Map.of("Accept", "text/csv")::get);
    assertEquals("/api/categories/7/products\naccept: text/csv\naccept-encoding: ", key);
  }

  @Test
  void queryParametersAreSortedSoTheirOrderDoesNotSplitEntries() {
    Map<String, List<String>> one = new LinkedHashMap<>();
    one.put("page", List.of("2"));
    one.put("size", List.of("10"));
    Map<String, List<String>> other = new LinkedHashMap<>();
    other.put("size", List.of("10"));
    other.put("page", List.of("2"));
    assertEquals(key(one, Map.of()), key(other, Map.of()));
    assertTrue(key(one, Map.of()).startsWith("/p?page=2&size=10\n"), key(one, Map.of()));
  }

  @Test
  void aValueCannotPassForAnotherParameter() {
    assertNotEquals(
        key(Map.of("a", List.of("1&b=2")), Map.of()),
        key(Map.of("a", List.of("1"), "b", List.of("2")), Map.of()));
    assertNotEquals(
        key(Map.of("a", List.of("1", "2")), Map.of()),
        key(Map.of("a", List.of("2", "1")), Map.of()));
  }

  @Test
  void representationsGetTheirOwnEntries() {
    assertNotEquals(
        key(Map.of(), Map.of("Accept", "application/json")),
        key(Map.of(), Map.of("Accept", "text/csv")));
    assertNotEquals(key(Map.of(), Map.of("Accept-Encoding", "gzip")), key(Map.of(), Map.of()));
  }

  @Test
  void credentialsGetTheirOwnEntryWithoutTheSecretInTheKey() {
    String anonymous = key(Map.of(), Map.of());
    String alice = key(Map.of(), Map.of("Authorization", "Bearer alice-secret"));
    String bob = key(Map.of(), Map.of("Authorization", "Bearer bob-secret"));
    assertNotEquals(anonymous, alice);
    assertNotEquals(alice, bob);
    assertEquals(alice, key(Map.of(), Map.of("Authorization", "Bearer alice-secret")));
    assertFalse(alice.contains("alice-secret"), alice);
  }

  @Test
  void clientDirectives() {
    assertTrue(ClientDirectives.of("no-cache", null).noCache());
    assertTrue(ClientDirectives.of("max-age=0, No-Store", null).noStore());
    assertFalse(ClientDirectives.of("max-age=0", null).noCache(), "a reload is not a bypass");
    assertTrue(ClientDirectives.of(null, "no-cache").noCache());
    assertFalse(
        ClientDirectives.of("max-age=60", "no-cache").noCache(), "Cache-Control wins over Pragma");
    assertEquals(ClientDirectives.NONE, ClientDirectives.of(null, null));
  }

  private static String key(Map<String, List<String>> query, Map<String, String> headers) {
    return ResponseKey.of("/p", query, VARY, headers::get);
  }
}
