package dev.granular.cache.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponsePolicyTest {

  @CachedResponse(
      cacheName = "pages",
      tags = {"category:{id}", "sort:{query.sort}"},
      vary = {"accept", "X-Tenant"})
  void annotated() {}

  @CachedResponse(cacheName = "pages", tags = "user:{userId}")
  void unknownParameter() {}

  @CachedResponse(cacheName = "pages", ttl = "45s")
  void withTtl() {}

  @CachedResponse(cacheName = "pages", ttl = "soon")
  void badTtl() {}

  @Test
  void tagsAreFilledFromPathAndQueryParameters() throws Exception {
    ResponsePolicy policy = policy("annotated");
    assertEquals(
        Set.of("category:7", "sort:price"),
        policy.tagsOf(Map.of("id", "7")::get, Map.of("sort", "price")::get));
    assertEquals(
        List.of("Accept", "Accept-Encoding", "X-Tenant"), policy.vary(), "no header twice");
    assertEquals(List.of("Accept", "Accept-Encoding", "X-Tenant"), policy.vary());
    assertNull(policy.ttl(), "left to configuration");
    assertEquals(1 << 20, policy.maxBodyBytes());
  }

  @Test
  void aTagNamingNoParameterFailsTheDeploymentNamingTheMethod() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> policy("unknownParameter"));
    assertTrue(
        refused.getMessage().contains("unknownParameter")
            && refused.getMessage().contains("{userId}"),
        refused.getMessage());
  }

  @Test
  void ttl() throws Exception {
    assertEquals(Duration.ofSeconds(45), policy("withTtl").ttl());
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> policy("badTtl"));
    assertTrue(refused.getMessage().contains("soon"), refused.getMessage());
  }

  @Test
  void storableResponses() {
    assertTrue(ResponseHeaders.storable(Map.of("Cache-Control", List.of("max-age=0")), false));
    assertFalse(ResponseHeaders.storable(Map.of("Set-Cookie", List.of("session=1")), false));
    assertFalse(ResponseHeaders.storable(Map.of("Cache-Control", List.of("no-store")), true));
    assertFalse(ResponseHeaders.storable(Map.of("Cache-Control", List.of("private")), false));
    assertTrue(
        ResponseHeaders.storable(Map.of("Cache-Control", List.of("private")), true),
        "kept under the user's key");
    assertEquals(
        Set.of("Content-Type", "ETag"),
        ResponseHeaders.kept(
                Map.of(
                    "Content-Type",
                    List.of("text/csv"),
                    "ETag",
                    List.of("\"x\""),
                    "Date",
                    List.of("now")),
                String::valueOf)
            .keySet());
  }

  private static ResponsePolicy policy(String method) throws Exception {
    CachedResponse annotation =
        ResponsePolicyTest.class.getDeclaredMethod(method).getAnnotation(CachedResponse.class);
    return ResponsePolicy.of(annotation, Set.of("id"), method);
  }
}
