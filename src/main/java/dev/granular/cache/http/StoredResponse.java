package dev.granular.cache.http;

import java.util.List;
import java.util.Map;

/**
 * A response as the response cache keeps it, written and read as JSON (never Java serialization).
 *
 * @param status the HTTP status (200)
 * @param headers the headers that describe the body ({@link ResponseHeaders#STORED}), by name
 * @param body the body, when it is UTF-8 text
 * @param base64 the body in Base64, when it is not UTF-8 text
 * @param storedAt when it was stored (epoch milliseconds), for {@code Age}
 * @param dependsOn the implicit tags of the cached values it was built from (one entry's or one
 *     cache's), which the entry's own header does not keep
 */
public record StoredResponse(
    int status,
    Map<String, List<String>> headers,
    String body,
    String base64,
    long storedAt,
    List<String> dependsOn) {

  public StoredResponse {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
  }

  /** The body's bytes. */
  public byte[] bytes() {
    return body != null
        ? body.getBytes(java.nio.charset.StandardCharsets.UTF_8)
        : java.util.Base64.getDecoder().decode(base64 == null ? "" : base64);
  }

  /** The first value of header {@code name} (case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }
}
