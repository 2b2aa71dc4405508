package dev.granular.cache.tag;

import dev.granular.cache.near.NearCaches;
import dev.granular.cache.near.NearMessage;
import dev.granular.cache.near.RedisNearChannel;
import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.LuaScript;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.redis.ScriptBatches;
import dev.granular.cache.tx.AfterCommit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/**
 * The write of an invalidation for {@link RedisTagRegistry}: one script ticks the clock and gives
 * every tag a new version (see the registry's class comment), the near caches of every instance are
 * told, and the clean-up of the tags' dependents starts. Callers decide how failures are retried.
 */
final class RedisTagVersionWrites {

  /**
   * KEYS: the clock, then one version key per tag. ARGV: the TTL (ms), then one random suffix per
   * tag. Ticks the clock (server time in microseconds, or one past its last value if that is ahead:
   * see {@link RedisTagRegistry}), gives every tag the version {@code <clock>:<suffix>} and returns
   * {clock, previous version or false...}.
   */
  private static final String TICK_AND_WRITE_VERSIONS =
      "local t = redis.call('TIME') "
          + "local now = t[1] * 1000000 + t[2] "
          + "local last = tonumber(redis.call('GET', KEYS[1]) or '0') "
          + "if last >= now then now = last + 1 end "
          + "redis.call('SET', KEYS[1], string.format('%d', now)) "
          + "local result = {now} "
          + "for i = 2, #KEYS do "
          + "  result[i] = redis.call('SET', KEYS[i], string.format('%d', now) .. ':' .. ARGV[i], 'PX', ARGV[1], 'GET') "
          + "end ";

  private static final String INVALIDATE = TICK_AND_WRITE_VERSIONS + "return result";

  /**
   * {@link #INVALIDATE}, then publishes the near caches' message in the same script, after the
   * versions are written: ARGV as for it, then the channel and the message. For the direct
   * connections of a single server, which send scripts only; there one call does what a Redisson
   * batch of the script and a {@code PUBLISH} did.
   */
  private static final LuaScript INVALIDATE_AND_PUBLISH =
      LuaScript.of(
          TICK_AND_WRITE_VERSIONS
              + "redis.call('PUBLISH', ARGV[#KEYS + 1], ARGV[#KEYS + 2]) return result");

  private final RedisConnection redis;
  private final NearCaches near;
  private final RedisTagCleanUps cleanUps;
  private final long tagTtlMillis;

  RedisTagVersionWrites(
      RedisConnection redis, NearCaches near, RedisTagCleanUps cleanUps, long tagTtlMillis) {
    this.redis = redis;
    this.near = near;
    this.cleanUps = cleanUps;
    this.tagTtlMillis = tagTtlMillis;
  }

  /**
   * Voids {@code tags}: new versions, the near caches told, the clean-up of their dependents
   * started.
   */
  Invalidation invalidate(Collection<String> tags) {
    if (tags.isEmpty()) {
      return Invalidation.none();
    }
    List<String> ordered = new ArrayList<>(tags);
    List<Object> keys = new ArrayList<>(ordered.size() + 1);
    keys.add(RedisTagRegistry.CLOCK);
    List<Object> arguments = new ArrayList<>(ordered.size() + 1);
    arguments.add(String.valueOf(tagTtlMillis));
    for (String tag : ordered) {
      keys.add(RedisTagRegistry.versionKey(tag));
      arguments.add(Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));
    }
    List<?> reply;
    try {
      reply = writeVersions(ordered, keys, arguments.toArray());
    } finally {
      if (near != null) {
        near.invalidated(ordered);
      }
    }
    long now = ((Number) reply.get(0)).longValue();
    Map<String, String> previous = new HashMap<>();
    Map<String, String> written = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      Object replaced = i + 1 < reply.size() ? reply.get(i + 1) : null;
      if (replaced != null) {
        previous.put(ordered.get(i), String.valueOf(replaced));
      }
      written.put(ordered.get(i), now + ":" + arguments.get(i + 1));
    }
    Set<String> invalidated = new HashSet<>(tags);
    long committedAt = AfterCommit.committedAtNanos(System.nanoTime());
    return new Invalidation(now, previous, written, cleanUps.start(invalidated, now, committedAt));
  }

  /**
   * Runs the invalidation script and tells every instance's near caches. On one server both go in
   * one round trip, in order. On a Cluster the message's channel may live on another master, and a
   * batch runs its nodes' commands concurrently: an instance could then hear the message, drop its
   * near copy and reload the old version before the new one is written. So there the message waits
   * for the script.
   */
  private List<?> writeVersions(List<String> tags, List<Object> keys, Object[] arguments) {
    Optional<DirectConnections> direct = redis.direct();
    if (direct.isPresent()) {
      // Run twice (a dead pooled connection took nothing to Redis, but a lost reply may hide a
      // run), it voids the tags once more, and the versions it read as replaced are the first
      // run's, whose clocks are later than any reading taken before: a write-through then stores
      // nothing, as after a racing writer.
      List<String> all = RedisTagRegistry.strings(Arrays.asList(arguments));
      all.add(RedisNearChannel.CHANNEL);
      all.add(NearMessage.encode(tags));
      return (List<?>)
          direct.get().repeatable(INVALIDATE_AND_PUBLISH, RedisTagRegistry.strings(keys), all);
    }
    if (redis.client().getConfig().isClusterConfig()) {
      List<?> reply =
          redis
              .client()
              .getScript(StringCodec.INSTANCE)
              .eval(
                  RedisTagRegistry.CLOCK,
                  RScript.Mode.READ_WRITE,
                  INVALIDATE,
                  RScript.ReturnType.LIST,
                  keys,
                  arguments);
      RBatch publish = redis.client().createBatch();
      RedisNearChannel.publishIn(publish, tags);
      publish.execute();
      return reply;
    }
    // Sent again after a NOSCRIPT, the message is heard twice: a near copy is dropped once more,
    // nothing else.
    return (List<?>)
        ScriptBatches.execute(
                redis.client(),
                batch -> {
                  batch
                      .getScript(StringCodec.INSTANCE)
                      .evalAsync(
                          RedisTagRegistry.CLOCK,
                          RScript.Mode.READ_WRITE,
                          INVALIDATE,
                          RScript.ReturnType.LIST,
                          keys,
                          arguments);
                  RedisNearChannel.publishIn(batch, tags);
                },
                List.of(INVALIDATE))
            .getResponses()
            .get(0);
  }
}
