package dev.granular.cache.key;

import jakarta.json.bind.Jsonb;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Turns a generated key into the readable string that names its entry in Redis. A key of one parameter is that
 * parameter as JSON ({@code 42}, {@code "en"}); a key of several is their JSON values joined by commas; any other
 * key type is its JSON form. JSON keeps a number and the string of its digits apart.
 */
public final class CacheKeyEncoder {

  private final Jsonb jsonb;

  public CacheKeyEncoder(Jsonb jsonb) {
    this.jsonb = jsonb;
  }

  /** The entry name of {@code key} inside its cache. */
  public String encode(Object key) {
    if (key instanceof ParametersCacheKey parameters) {
      return Arrays.stream(parameters.parameters()).map(this::json).collect(Collectors.joining(","));
    }
    return json(key);
  }

  private String json(Object value) {
    return value == null ? "null" : jsonb.toJson(value);
  }
}
