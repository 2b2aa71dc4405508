package dev.granular.cache.tag;

import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.LuaScript;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.redis.ScriptBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/**
 * The takes of a clean-up round ({@link RedisTagCleanUps}): from each tag's group, up to a batch of
 * the entries an invalidation voided, returned and unlisted. On a single server one script call
 * takes from every tag; elsewhere a Redisson batch sends one script call per tag, as each tag's set
 * may have a Cluster slot of its own.
 */
final class RedisVoidTakes {

  /**
   * KEYS: a tag's dependents. ARGV: the most members to take, the invalidation's clock. Takes
   * (returns and removes) up to that many entries stored with a version of the tag older than the
   * invalidation: those it voided. Entries stored since, with the new version, stay listed and stay
   * cached. Fewer members than asked for means the tag has no more void ones.
   */
  private static final String TAKE_VOID =
      """
      local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[1]))
      if #members > 0 then redis.call('ZREM', KEYS[1], unpack(members)) end
      return members
      """;

  /**
   * {@link #TAKE_VOID} for many tags at once, for a single server, where one script may touch every
   * tag's set. KEYS: the tags' dependents. ARGV: the most members to take per tag, then the
   * invalidation's clock of each key in turn. Returns one list of members per key.
   */
  private static final LuaScript TAKE_VOID_OF_EACH =
      LuaScript.of(
          """
          local taken = {}
          for i = 1, #KEYS do
            local members =
              redis.call('ZRANGEBYSCORE', KEYS[i], '-inf', '(' .. ARGV[i + 1], 'LIMIT', 0, tonumber(ARGV[1]))
            if #members > 0 then redis.call('ZREM', KEYS[i], unpack(members)) end
            taken[i] = members
          end
          return taken
          """);

  private RedisVoidTakes() {}

  /**
   * Takes up to {@code batch} void dependents of each of {@code tags}, those listed under a clock
   * older than the invalidation's in {@code clocks} (same order); one list of members per tag, in
   * order.
   */
  static List<?> take(RedisConnection redis, List<String> tags, List<Long> clocks, int batch) {
    Optional<DirectConnections> direct = redis.direct();
    return direct.isPresent()
        ? takeAtOnce(direct.get(), tags, clocks, batch)
        : takeInBatch(redis, tags, clocks, batch);
  }

  /**
   * Every take in one script call over the direct connections of a single server. Sent once (a take
   * is not repeatable): if its reply is lost, what it took waits for its expiry, as after any
   * failed round.
   */
  private static List<?> takeAtOnce(
      DirectConnections direct, List<String> tags, List<Long> clocks, int batch) {
    List<String> keys = new ArrayList<>(tags.size());
    List<String> arguments = new ArrayList<>(tags.size() + 1);
    arguments.add(String.valueOf(batch));
    for (int i = 0; i < tags.size(); i++) {
      keys.add(RedisTagRegistry.entriesKey(tags.get(i)));
      arguments.add(String.valueOf(clocks.get(i)));
    }
    return (List<?>) direct.send(TAKE_VOID_OF_EACH, keys, arguments).await();
  }

  /** Every take in one Redisson batch: one script call per tag. */
  private static List<?> takeInBatch(
      RedisConnection redis, List<String> tags, List<Long> clocks, int batch) {
    // Sent again after a NOSCRIPT: on a Cluster, the takes of a master that still knew the script
    // ran twice, and the members of the first run stay void and unlisted until they expire (a
    // forgotten script is rare).
    return ScriptBatches.execute(
            redis.client(),
            redisBatch -> {
              for (int i = 0; i < tags.size(); i++) {
                String entries = RedisTagRegistry.entriesKey(tags.get(i));
                redisBatch
                    .getScript(StringCodec.INSTANCE)
                    .evalAsync(
                        entries,
                        RScript.Mode.READ_WRITE,
                        TAKE_VOID,
                        RScript.ReturnType.LIST,
                        List.of(entries),
                        String.valueOf(batch),
                        String.valueOf(clocks.get(i)));
              }
            },
            List.of(TAKE_VOID))
        .getResponses();
  }
}
