package dev.granular.cache.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The entry name of a cached response: one line for the path and the query (parameters sorted by
 * name, values URL-encoded so no value can pass for another parameter), then one line per {@code
 * Vary} header with its value, then, for a request with credentials, a hash of them. Readable in
 * Redis, e.g.
 *
 * <pre>
 * /api/categories/7/products?page=2
 * accept: application/json
 * accept-encoding: gzip
 * </pre>
 */
final class ResponseKey {

  /** The headers every cached response varies on. */
  static final List<String> ALWAYS_VARY = List.of("Accept", "Accept-Encoding");

  private ResponseKey() {}

  /**
   * The entry name for a request.
   *
   * @param path the request path, as sent (still percent-encoded)
   * @param query the decoded query parameters
   * @param vary the names of the headers the response varies on
   * @param header the request's header values by name (all values of a header joined by commas),
   *     null when absent
   */
  static String of(
      String path,
      Map<String, List<String>> query,
      List<String> vary,
      Function<String, String> header) {
    StringBuilder key = new StringBuilder(path);
    char separator = '?';
    for (Map.Entry<String, List<String>> parameter : new TreeMap<>(query).entrySet()) {
      for (String value : parameter.getValue()) {
        key.append(separator).append(encode(parameter.getKey())).append('=').append(encode(value));
        separator = '&';
      }
    }
    for (String name : vary) {
      String value = header.apply(name);
      key.append('\n')
          .append(name.toLowerCase(Locale.ROOT))
          .append(": ")
          .append(value == null ? "" : value.trim());
    }
    String credentials = header.apply("Authorization");
    if (credentials != null) {
      key.append("\nauthorization: ").append(fingerprint(credentials));
    }
    return key.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /**
   * 128 bits of the SHA-256 of the credentials: tells users apart without keeping their secrets in
   * Redis.
   */
  static String fingerprint(String credentials) {
    return EntityTags.digest(credentials);
  }
}
