package dev.granular.catalog.products.views;

import static dev.granular.catalog.products.views.RedisViewCountScripts.script;
import static dev.granular.catalog.products.views.RedisViewCounter.BATCHES;
import static dev.granular.catalog.products.views.RedisViewCounter.BATCH_PREFIX;
import static dev.granular.catalog.products.views.RedisViewCounter.PENDING;

import dev.granular.cache.redis.RedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/**
 * The flusher's side of {@link RedisViewCounter}'s keys: the Lua scripts that claim the pending
 * views as a batch and remove a finished one, with their keys and arguments, the read of a claimed
 * batch and the backlog. Every call goes through the Redis circuit.
 */
final class RedisClaimedBatches {

  /**
   * KEYS: pending, batches, new batch. ARGV: new batch id, lease in ms. Re-leases the batches
   * claimed longer ago than the lease, claims the pending views as a new batch if there are any;
   * returns the ids of all batches now held.
   */
  private static final String CLAIM =
      """
      local time = redis.call('TIME')
      local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
      local held = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[2]))
      for _, batch in ipairs(held) do
        redis.call('ZADD', KEYS[2], now, batch)
      end
      if redis.call('EXISTS', KEYS[1]) == 1 then
        redis.call('RENAME', KEYS[1], KEYS[3])
        redis.call('ZADD', KEYS[2], now, ARGV[1])
        table.insert(held, ARGV[1])
      end
      return held
      """;

  /**
   * KEYS: batch, batches. ARGV: batch id. The total already counts these views: nothing to add
   * there.
   */
  private static final String FINISH =
      """
      redis.call('DEL', KEYS[1])
      return redis.call('ZREM', KEYS[2], ARGV[1])
      """;

  private RedisClaimedBatches() {}

  /** See {@link RedisViewCounter#claim}. */
  static List<String> claim(RedisConnection redis, Duration lease) {
    String id = UUID.randomUUID().toString();
    List<Object> held =
        redis
            .circuit()
            .call(
                () ->
                    script(redis)
                        .eval(
                            BATCHES,
                            RScript.Mode.READ_WRITE,
                            CLAIM,
                            RScript.ReturnType.LIST,
                            List.of(PENDING, BATCHES, BATCH_PREFIX + id),
                            id,
                            String.valueOf(lease.toMillis())));
    return held.stream().map(String::valueOf).toList();
  }

  /** See {@link RedisViewCounter#read}. */
  static ClaimedBatch read(RedisConnection redis, String batchId) {
    Map<String, String> fields =
        redis
            .circuit()
            .call(
                () ->
                    redis
                        .client()
                        .<String, String>getMap(BATCH_PREFIX + batchId, StringCodec.INSTANCE)
                        .readAllMap());
    return ClaimedBatch.of(batchId, fields);
  }

  /** See {@link RedisViewCounter#finish}. */
  static void finish(RedisConnection redis, String batchId) {
    redis
        .circuit()
        .run(
            () ->
                script(redis)
                    .eval(
                        BATCHES,
                        RScript.Mode.READ_WRITE,
                        FINISH,
                        RScript.ReturnType.LONG,
                        List.of(BATCH_PREFIX + batchId, BATCHES),
                        batchId));
  }

  /** See {@link RedisViewCounter#backlog}. */
  static RedisViewCounter.Backlog backlog(RedisConnection redis) {
    return redis
        .circuit()
        .call(
            () ->
                new RedisViewCounter.Backlog(
                    redis.client().getMap(PENDING, StringCodec.INSTANCE).size(),
                    redis.client().getScoredSortedSet(BATCHES, StringCodec.INSTANCE).size()));
  }
}
