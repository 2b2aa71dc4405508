package dev.granular.cache.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Which response headers a cached response keeps, and which responses may be kept at all. */
final class ResponseHeaders {

  /**
   * Headers that describe the body: kept with it. Anything else (cookies, dates, per-request ids)
   * is not, nor {@code Content-Encoding}: the body is kept as the resource wrote it, and an encoder
   * re-encodes it on each hit.
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

  /**
   * The {@code Vary} header that names every header the response varies on already ({@code
   * existing}: its values, each maybe a comma-separated list) and every one of {@code names}, each
   * once, compared case-insensitively as whole names ({@code Accept-Encoding} is not {@code
   * Accept}); {@code *} stays alone. Null when there is nothing to name.
   */
  static String vary(List<?> existing, List<String> names) {
    java.util.LinkedHashMap<String, String> all = new java.util.LinkedHashMap<>();
    for (Object value : existing == null ? List.of() : existing) {
      for (String name : String.valueOf(value).split(",")) {
        String trimmed = name.strip();
        if (!trimmed.isEmpty()) {
          all.putIfAbsent(trimmed.toLowerCase(Locale.ROOT), trimmed);
        }
      }
    }
    if (all.containsKey("*")) {
      return "*";
    }
    for (String name : names) {
      all.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
    }
    return all.isEmpty() ? null : String.join(", ", all.values());
  }

  /** The headers of {@code all} that are {@link #STORED}, their values as text. */
  static Map<String, List<String>> kept(
      Map<String, List<Object>> all, java.util.function.Function<Object, String> text) {
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
   * True when a response with these headers may be stored: no {@code Set-Cookie} (it would hand one
   * client's cookie to the next), no {@code Cache-Control: no-store}, and no {@code private} unless
   * the entry is the requester's own (the request carried credentials, which are part of the key).
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
