package dev.granular.catalog.products.views;

import static dev.granular.catalog.products.views.RedisViewCounter.BATCHES;
import static dev.granular.catalog.products.views.RedisViewCounter.BATCH_PREFIX;
import static dev.granular.catalog.products.views.RedisViewCounter.PENDING;
import static dev.granular.catalog.products.views.RedisViewCounter.TOTAL;

import dev.granular.cache.redis.RedisConnection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/**
 * The Lua scripts that count views in {@link RedisViewCounter}'s keys and give the counts shown,
 * and their calls through Redisson with their keys and arguments. Every call goes through the Redis
 * circuit.
 */
final class RedisViewCountScripts {

  /**
   * KEYS: pending, total. ARGV: product ids, one per view. For each view in turn: counts it if the
   * product's count is shown already (the usual case) and gives that count; else counts nothing and
   * gives -1, and {@link #SEED} must count it with the stored views. Returns one count per view, in
   * order.
   */
  static final String COUNT_ALL_IF_SHOWN =
      """
      local counts = {}
      for i, id in ipairs(ARGV) do
        if redis.call('HEXISTS', KEYS[2], id) == 1 then
          redis.call('HINCRBY', KEYS[1], id, 1)
          counts[i] = redis.call('HINCRBY', KEYS[2], id, 1)
        else
          counts[i] = -1
        end
      end
      return counts
      """;

  /**
   * KEYS: pending, total. ARGV: pairs of product id and views. Adds each product's views to the
   * pending ones and, if its count is shown, to that count too; gives per product the count shown,
   * or -1 when it is not (the views are pending all the same, and the product's next exact view
   * seeds the count, them included).
   */
  private static final String ADD_ALL =
      """
      local totals = {}
      for i = 1, #ARGV, 2 do
        redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
        if redis.call('HEXISTS', KEYS[2], ARGV[i]) == 1 then
          totals[#totals + 1] = redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
        else
          totals[#totals + 1] = -1
        end
      end
      return totals
      """;

  /**
   * KEYS: pending, total, batches. ARGV: product id, views stored in the database, batch prefix.
   * Counts the view and, on the product's first view, seeds the count shown: stored plus pending
   * plus claimed. Returns the count shown.
   */
  private static final String SEED =
      """
      redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
      if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
        return redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
      end
      local total = tonumber(ARGV[2]) + tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
      for _, batch in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
        local claimed = redis.call('HGET', ARGV[3] .. batch, ARGV[1])
        if claimed then total = total + tonumber(claimed) end
      end
      redis.call('HSET', KEYS[2], ARGV[1], total)
      return total
      """;

  /**
   * KEYS: pending, total. ARGV: product id. Takes back a view counted for a request that found no
   * product.
   */
  private static final String UNCOUNT =
      """
      if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
      if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then redis.call('HINCRBY', KEYS[2], ARGV[1], -1) end
      return 0
      """;

  private RedisViewCountScripts() {}

  /**
   * Counts one view of each of {@code productIds} (repeats allowed) in one call: the group commit's
   * sender.
   */
  static CompletionStage<List<Long>> countAll(RedisConnection redis, List<Long> productIds) {
    Object[] ids = new Object[productIds.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = String.valueOf(productIds.get(i));
    }
    return redis
        .circuit()
        .call(
            () ->
                script(redis)
                    .<List<Object>>evalAsync(
                        TOTAL,
                        RScript.Mode.READ_WRITE,
                        COUNT_ALL_IF_SHOWN,
                        RScript.ReturnType.LIST,
                        List.of(PENDING, TOTAL),
                        ids)
                    .thenApply(RedisViewCountScripts::asCounts));
  }

  /** See {@link RedisViewCounter#addAll}. */
  static List<Long> addAll(RedisConnection redis, List<Long> productIds, List<Long> views) {
    Object[] args = new Object[productIds.size() * 2];
    for (int i = 0; i < productIds.size(); i++) {
      args[2 * i] = String.valueOf(productIds.get(i));
      args[2 * i + 1] = String.valueOf(views.get(i));
    }
    return redis
        .circuit()
        .call(
            () ->
                asCounts(
                    script(redis)
                        .<List<Object>>eval(
                            TOTAL,
                            RScript.Mode.READ_WRITE,
                            ADD_ALL,
                            RScript.ReturnType.LIST,
                            List.of(PENDING, TOTAL),
                            args)));
  }

  /** The counts of a script's reply, one per element. */
  static List<Long> asCounts(List<Object> reply) {
    List<Long> counts = new java.util.ArrayList<>(reply.size());
    for (Object count : reply) {
      counts.add(
          count instanceof Number number
              ? number.longValue()
              : Long.parseLong(String.valueOf(count)));
    }
    return counts;
  }

  /** See {@link RedisViewCounter#seed}. */
  static long seed(RedisConnection redis, long productId, long stored) {
    return redis
        .circuit()
        .call(
            () ->
                script(redis)
                    .<Long>eval(
                        TOTAL,
                        RScript.Mode.READ_WRITE,
                        SEED,
                        RScript.ReturnType.LONG,
                        List.of(PENDING, TOTAL, BATCHES),
                        String.valueOf(productId),
                        String.valueOf(stored),
                        BATCH_PREFIX));
  }

  /** See {@link RedisViewCounter#uncount}. */
  static void uncount(RedisConnection redis, long productId) {
    redis
        .circuit()
        .run(
            () ->
                script(redis)
                    .eval(
                        TOTAL,
                        RScript.Mode.READ_WRITE,
                        UNCOUNT,
                        RScript.ReturnType.LONG,
                        List.of(PENDING, TOTAL),
                        String.valueOf(productId)));
  }

  static RScript script(RedisConnection redis) {
    return redis.client().getScript(StringCodec.INSTANCE);
  }
}
