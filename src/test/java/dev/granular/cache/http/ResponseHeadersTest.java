package dev.granular.cache.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseHeadersTest {

  private static final List<String> KEYED = List.of("Accept", "Accept-Encoding");

  @Test
  void withoutAVaryOfItsOwnTheResponseVariesOnWhatTheKeyReads() {
    assertEquals("Accept, Accept-Encoding", ResponseHeaders.vary(null, KEYED));
  }

  @Test
  void aNameThatOnlyContainsAnotherIsStillAdded() {
    // "Accept-Encoding" contains "Accept": a substring test would have left Accept out.
    assertEquals(
        "Accept-Encoding, Accept", ResponseHeaders.vary(List.of("Accept-Encoding"), KEYED));
  }

  @Test
  void namesAlreadyThereInAnyCaseOrSpacingAreNotRepeated() {
    assertEquals(
        "accept, X-Tenant, Accept-Encoding",
        ResponseHeaders.vary(List.of(" accept ,X-Tenant", "x-tenant"), KEYED));
  }

  @Test
  void aStarStaysAlone() {
    assertEquals("*", ResponseHeaders.vary(List.of("Origin, *"), KEYED));
  }

  @Test
  void nothingToNameGivesNoHeader() {
    assertNull(ResponseHeaders.vary(List.of(" , "), List.of()));
  }
}
