package dev.granular.cache.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResponseCacheFilterTest {

  @Test
  void theOpaqueValueOfAStoredTagLosesItsQuotesAndWeakPrefix() {
    assertEquals("Zk3c0dJ1", ResponseCacheFilter.opaque("\"Zk3c0dJ1\""));
    assertEquals("Zk3c0dJ1", ResponseCacheFilter.opaque("W/\"Zk3c0dJ1\""));
    assertEquals("a,b", ResponseCacheFilter.opaque("\"a,b\""));
    assertEquals("", ResponseCacheFilter.opaque("\"\""));
    assertEquals(
        "bare",
        ResponseCacheFilter.opaque("bare"),
        "a tag a resource stored unquoted is taken as it is");
  }

  @Test
  void aStoredTagIsMatchedAsTheRequestNamesIt() {
    String stored = ResponseCacheFilter.opaque("W/\"v1\"");
    assertTrue(IfNoneMatch.matches("\"v1\"", stored), "weak comparison");
    assertTrue(IfNoneMatch.matches("\"x\", W/\"v1\"", stored));
    assertFalse(IfNoneMatch.matches("\"v2\"", stored));
  }
}
