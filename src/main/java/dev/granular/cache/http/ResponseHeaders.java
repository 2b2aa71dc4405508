package dev.granular.cache.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Which response headers a cached response keeps, and which responses may be kept at all. */
final class ResponseHeaders {

  /**
   * Headers that describe the body: kept with it. Anything else (cookies, dates, per-request ids) is not, nor
   * {@code Content-Encoding}: the body is kept as the resource wrote it, and an encoder re-encodes it on each hit.
   */
  static final Set<String> STORED =
      Set.of(
          "content-type",
          "content-language",
          "content-location",
          "etag",
          "last-modified",
          "cache-control",
          "expires",
          "link");

  private ResponseHeaders() {}

  /** The headers of {@code all} that are {@link #STORED}, their values as text. */
  static Map<String, List<String>> kept(Map<String, List<Object>> all, java.util.function.Function<Object, String> text) {
    Map<String, List<String>> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    all.forEach(
        (name, values) -> {
          if (STORED.contains(name.toLowerCase(Locale.ROOT))) {
            kept.put(name, values.stream().map(text).toList());
          }
        });
    return kept;
  }

  /**
   * True when a response with these headers may be stored: no {@code Set-Cookie} (it would hand one client's cookie
   * to the next), no {@code Cache-Control: no-store}, and no {@code private} unless the entry is the requester's own
   * (the request carried credentials, which are part of the key).
   */
  static boolean storable(Map<String, List<Object>> headers, boolean withCredentials) {
    for (Map.Entry<String, List<Object>> header : headers.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("set-cookie")) {
        return false;
      }
      if (name.equals("cache-control")) {
        for (Object value : header.getValue()) {
          String control = String.valueOf(value).toLowerCase(Locale.ROOT);
          if (control.contains("no-store") || (!withCredentials && control.contains("private"))) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
