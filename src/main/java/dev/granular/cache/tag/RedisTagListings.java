package dev.granular.cache.tag;

import dev.granular.cache.redis.CarriedCall;
import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.LuaScript;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.redis.ScriptBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/**
 * Lists a stored entry under each of its tags ({@code cache:tag-dependents:{<tag>}}, scored by the
 * clock of the version it was stored with), so that a clean-up after an invalidation finds and
 * frees it.
 */
final class RedisTagListings {

  /**
   * KEYS: the dependents of an entry's tags. ARGV: the entry, the TTL (ms), then the clock of each
   * tag's version the entry was stored with, in the order of KEYS. Lists the entry under each
   * clock, unless it is listed under a later one already (a slower store of an older value must not
   * make a newer one look void), and refreshes each set's TTL. Over the direct connections of a
   * single server one call takes every tag; on a Cluster, where each set has a slot of its own, a
   * batch sends one call per tag.
   */
  private static final String ADD_ENTRY =
      """
      for i = 1, #KEYS do
        local listed = redis.call('ZSCORE', KEYS[i], ARGV[1])
        if not listed or tonumber(listed) < tonumber(ARGV[i + 2]) then
          redis.call('ZADD', KEYS[i], ARGV[i + 2], ARGV[1])
        end
        redis.call('PEXPIRE', KEYS[i], ARGV[2])
      end
      return #KEYS
      """;

  private static final LuaScript ADD_ENTRY_SCRIPT = LuaScript.of(ADD_ENTRY);

  private final RedisConnection redis;
  private final long tagTtlMillis;
  private final RedisTagGroupSizes groups;

  RedisTagListings(RedisConnection redis, long tagTtlMillis, RedisTagGroupSizes groups) {
    this.redis = redis;
    this.tagTtlMillis = tagTtlMillis;
    this.groups = groups;
  }

  /** Lists the entry under the tags of {@code versions}, now. */
  void track(Map<String, String> versions, String cacheName, String entryName) {
    Optional<DirectConnections> direct = redis.direct();
    if (direct.isPresent()) {
      List<String> keys = new ArrayList<>(versions.size());
      List<String> arguments = listing(versions, cacheName, entryName, keys);
      direct
          .get()
          .repeatable(ADD_ENTRY_SCRIPT, keys, arguments); // listing an entry twice lists it once
      return;
    }
    String member = TagRegistry.dependent(cacheName, entryName);
    versions.keySet().forEach(groups::grown);
    ScriptBatches.execute(
        redis.client(),
        batch ->
            versions.forEach(
                (tag, version) ->
                    batch
                        .getScript(StringCodec.INSTANCE)
                        .evalAsync(
                            RedisTagRegistry.entriesKey(tag),
                            RScript.Mode.READ_WRITE,
                            ADD_ENTRY,
                            RScript.ReturnType.LONG,
                            List.of(RedisTagRegistry.entriesKey(tag)),
                            member,
                            String.valueOf(tagTtlMillis),
                            String.valueOf(listedClock(version)))),
        List.of(ADD_ENTRY)); // listing an entry twice lists it once
  }

  /**
   * The listing, carried by this thread's next call over the direct connections (empty when there
   * are none, or no tags to list under): see {@link TagRegistry#trackWithNextCall}. The runnable
   * waits for its outcome, or lists the entry on its own when the next call went another way.
   */
  Optional<Runnable> withNextCall(
      Map<String, String> versions, String cacheName, String entryName) {
    Optional<DirectConnections> direct = redis.direct();
    if (versions.isEmpty() || direct.isEmpty()) {
      return Optional.empty();
    }
    List<String> keys = new ArrayList<>(versions.size());
    List<String> arguments = listing(versions, cacheName, entryName, keys);
    CarriedCall listing = direct.get().carry(ADD_ENTRY_SCRIPT, keys, arguments);
    return Optional.of(
        () -> {
          if (listing
              .withdraw()) { // the store went another way, or failed before its write: the same
            // call on its own
            redis.circuit().run(() -> direct.get().repeatable(ADD_ENTRY_SCRIPT, keys, arguments));
          } else {
            listing
                .await(); // its outcome; a failure here is the store's too, which the circuit has
            // counted
          }
        });
  }

  /**
   * The ADD_ENTRY arguments listing an entry under the tags of {@code versions}, whose keys go to
   * {@code keys}.
   */
  private List<String> listing(
      Map<String, String> versions, String cacheName, String entryName, List<String> keys) {
    List<String> arguments = new ArrayList<>(versions.size() + 2);
    arguments.add(TagRegistry.dependent(cacheName, entryName));
    arguments.add(String.valueOf(tagTtlMillis));
    versions.forEach(
        (tag, version) -> {
          groups.grown(tag);
          keys.add(RedisTagRegistry.entriesKey(tag));
          arguments.add(String.valueOf(listedClock(version)));
        });
    return arguments;
  }

  /**
   * The score an entry stored with {@code version} is listed under; an unreadable version lists it
   * as void.
   */
  private static long listedClock(String version) {
    long clock = Invalidation.clockOf(version);
    return clock == Long.MAX_VALUE ? 0 : clock;
  }
}
