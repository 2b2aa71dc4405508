package dev.granular.cache.redis;

import dev.granular.cache.key.CacheKeyEncoder;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.cache.Cache;
import javax.cache.Cache.Entry;

/**
 * A {@link JsonCache}'s operations on many entries at once: their entry names and payloads encoded
 * together, their values read one by one, and an iteration over the Redis cache that decodes what
 * it meets.
 */
final class JsonBulkOperations {

  private JsonBulkOperations() {}

  /**
   * The values {@code view} holds for those of {@code keySet} present in it, each read with its own
   * get.
   */
  static Map<Object, Object> getAll(Cache<Object, Object> view, Set<?> keySet) {
    Map<Object, Object> found = new HashMap<>();
    for (Object key : keySet) {
      Object value = view.get(key);
      if (value != null) {
        found.put(key, value);
      }
    }
    return found;
  }

  /**
   * The payloads of {@code map}'s values by their entry names, for the Redis cache's {@code
   * putAll}.
   */
  static Map<String, String> encoded(Map<?, ?> map, CacheKeyEncoder keys, JsonValueCodec values) {
    return map.entrySet().stream()
        .collect(
            Collectors.toMap(
                e -> keys.encode(e.getKey()), e -> TaggedPayloads.encode(e.getValue(), values)));
  }

  /** The entry names of {@code keySet}, for the Redis cache's {@code removeAll}. */
  static Set<String> names(Set<?> keySet, CacheKeyEncoder keys) {
    return keySet.stream().map(keys::encode).collect(Collectors.toSet());
  }

  /** Iterates over the entries with their encoded key names as keys and decoded values. */
  static Iterator<Entry<Object, Object>> decoded(
      Cache<String, String> redis, JsonValueCodec values) {
    return StreamSupport.stream(redis.spliterator(), false)
        .map(
            e ->
                (Entry<Object, Object>)
                    new DecodedEntry(e.getKey(), TaggedPayloads.decode(e.getValue(), values)))
        .iterator();
  }

  private record DecodedEntry(Object getKey, Object getValue) implements Entry<Object, Object> {
    @Override
    public <T> T unwrap(Class<T> type) {
      throw new IllegalArgumentException("cannot unwrap a decoded entry to " + type);
    }
  }
}
