package dev.granular.cache.tag;

import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.LuaScript;
import dev.granular.cache.redis.RedisConnection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/**
 * The reads of {@link RedisTagRegistry}: the invalidation clock, the tags' current versions, and
 * the versions a loaded value is stored with. Over the direct connections of a single server, else
 * through Redisson. Callers go through the circuit breaker; these run the calls themselves.
 */
final class RedisTagVersionReads {

  private static final LuaScript READ_CLOCK = LuaScript.of("return redis.call('GET', KEYS[1])");
  // One GET per key rather than MGET with unpack, which Lua's stack limits to a few thousand keys.
  private static final LuaScript READ_VERSIONS =
      LuaScript.of(
          "local versions = {} for i = 1, #KEYS do versions[i] = redis.call('GET', KEYS[i]) end return versions");

  /**
   * KEYS: the version keys of the tags to read ({@code ARGV[3]} of them), then those of the
   * versions to check. ARGV: the version to give a tag that has none, the TTL (ms), the number of
   * keys to read, then the expected version of each key to check. Gives {0} when a checked version
   * is no longer the expected one (and then writes nothing), else {1, version of each read key...};
   * a read key's TTL is refreshed, an absent one created. Every key is in the {tags} slot, so one
   * script serves any number of tags, on a Cluster too: one command, one round trip.
   */
  private static final String VERSIONS_SINCE =
      """
      local n = tonumber(ARGV[3])
      for j = n + 1, #KEYS do
        if redis.call('GET', KEYS[j]) ~= ARGV[3 + j - n] then return {0} end
      end
      local result = {1}
      for i = 1, n do
        local v = redis.call('GET', KEYS[i])
        if v then redis.call('PEXPIRE', KEYS[i], ARGV[2])
        else v = ARGV[1] redis.call('SET', KEYS[i], v, 'PX', ARGV[2]) end
        result[i + 1] = v
      end
      return result
      """;

  private static final LuaScript VERSIONS_SINCE_SCRIPT = LuaScript.of(VERSIONS_SINCE);

  private final RedisConnection redis;
  private final long tagTtlMillis;

  RedisTagVersionReads(RedisConnection redis, long tagTtlMillis) {
    this.redis = redis;
    this.tagTtlMillis = tagTtlMillis;
  }

  long clock() {
    Optional<DirectConnections> direct = redis.direct();
    if (direct.isEmpty()) {
      return redis.client().getAtomicLong(RedisTagRegistry.CLOCK).get();
    }
    Object clock = direct.get().read(READ_CLOCK, List.of(RedisTagRegistry.CLOCK), List.of());
    return clock == null ? 0 : Long.parseLong((String) clock);
  }

  /**
   * The versions of {@code tags} for a value loaded after {@code clock}, created where a tag has
   * none; empty when one was invalidated since, or when a version of {@code expected} is no longer
   * current.
   */
  Optional<Map<String, String>> since(
      Collection<String> tags, long clock, Map<String, String> expected) {
    if (tags.isEmpty() && expected.isEmpty()) {
      return Optional.of(Map.of());
    }
    List<String> ordered = new ArrayList<>(tags);
    List<Object> keys = new ArrayList<>(ordered.size() + expected.size());
    List<Object> arguments = new ArrayList<>(3 + expected.size());
    arguments.add(clock + ":" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));
    arguments.add(String.valueOf(tagTtlMillis));
    arguments.add(String.valueOf(ordered.size()));
    ordered.forEach(tag -> keys.add(RedisTagRegistry.versionKey(tag)));
    expected.forEach(
        (tag, version) -> {
          keys.add(RedisTagRegistry.versionKey(tag));
          arguments.add(version);
        });
    Optional<DirectConnections> direct = redis.direct();
    // Running it twice gives what running it once gives: a missing version is created with the
    // value it is given.
    List<?> reply =
        direct.isPresent()
            ? (List<?>)
                direct
                    .get()
                    .repeatable(
                        VERSIONS_SINCE_SCRIPT,
                        RedisTagRegistry.strings(keys),
                        RedisTagRegistry.strings(arguments))
            : redis
                .client()
                .getScript(StringCodec.INSTANCE)
                .eval(
                    RedisTagRegistry.CLOCK,
                    RScript.Mode.READ_WRITE,
                    VERSIONS_SINCE,
                    RScript.ReturnType.LIST,
                    keys,
                    arguments.toArray());
    if (((Number) reply.get(0)).longValue() == 0) {
      return Optional.empty(); // a checked version changed: someone else invalidated it
    }
    Map<String, String> versions = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      String version = String.valueOf(reply.get(i + 1));
      if (Invalidation.clockOf(version) > clock) {
        return Optional.empty(); // invalidated while the value was being loaded
      }
      versions.put(ordered.get(i), version);
    }
    return Optional.of(versions);
  }

  /** The current versions of {@code tags}; a tag without one is left out. */
  Map<String, String> current(Collection<String> tags) {
    if (tags.isEmpty()) {
      return Map.of();
    }
    String[] keys = new String[tags.size()];
    Map<String, String> tagsByKey = new HashMap<>();
    int i = 0;
    for (String tag : tags) {
      keys[i] = RedisTagRegistry.versionKey(tag);
      tagsByKey.put(keys[i++], tag);
    }
    Map<String, String> versions = new HashMap<>();
    Optional<DirectConnections> direct = redis.direct();
    if (direct.isPresent()) {
      List<?> current = (List<?>) direct.get().read(READ_VERSIONS, List.of(keys), List.of());
      for (int k = 0; k < keys.length && k < current.size(); k++) {
        if (current.get(k) != null) {
          versions.put(tagsByKey.get(keys[k]), current.get(k).toString());
        }
      }
      return versions;
    }
    Map<String, Object> current = redis.client().getBuckets(StringCodec.INSTANCE).get(keys);
    current.forEach((key, version) -> versions.put(tagsByKey.get(key), String.valueOf(version)));
    return versions;
  }

  boolean isCurrent(Map<String, String> versions) {
    // Every tag present with the recorded version: an absent one is left out of the current
    // versions.
    return versions.isEmpty() || versions.equals(current(versions.keySet()));
  }
}
