package dev.granular.cache.key;

import jakarta.json.bind.Jsonb;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Turns a generated key into the readable string that names its entry in Redis. A key of one
 * parameter is that parameter as JSON ({@code 42}, {@code "en"}); a key of several is their JSON
 * values joined by commas; any other key type is its JSON form. JSON keeps a number and the string
 * of its digits apart.
 */
public final class CacheKeyEncoder {

  private final Jsonb jsonb;

  public CacheKeyEncoder(Jsonb jsonb) {
    this.jsonb = jsonb;
  }

  /** The entry name of {@code key} inside its cache. */
  public String encode(Object key) {
    if (key instanceof ParametersCacheKey parameters) {
      Object[] values = parameters.parameters();
      return values.length == 1
          ? json(values[0])
          : Arrays.stream(values).map(this::json).collect(Collectors.joining(","));
    }
    return json(key);
  }

  private String json(Object value) {
    if (value == null) {
      return "null";
    }
    // The usual keys, written as JSON-B writes them without its machinery: this runs on every cache
    // hit.
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return value.toString();
    }
    if (value instanceof String text && isPlain(text)) {
      return '"' + text + '"';
    }
    return jsonb.toJson(value);
  }

  /**
   * True when JSON writes the string as it is, between quotes: printable ASCII without quote or
   * backslash.
   */
  private static boolean isPlain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
