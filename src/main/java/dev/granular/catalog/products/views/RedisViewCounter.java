package dev.granular.catalog.products.views;

import dev.granular.cache.redis.CarriedCall;
import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.RedisConnection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/**
 * The view counters in Redis, all under the {@code {views}} hash tag so that every script's keys share one Redis
 * Cluster slot:
 *
 * <ul>
 *   <li>{@code {views}:pending}: product id to views not yet claimed by a flusher;
 *   <li>{@code {views}:batch:<uuid>}: a claimed batch, the former pending hash, renamed in one step;
 *   <li>{@code {views}:batches}: sorted set of claimed batch ids, scored by claim time (Redis's clock, milliseconds);
 *       a batch whose claim is older than the lease belongs to a dead flusher and is claimed again;
 *   <li>{@code {views}:total}: product id to the count shown (stored plus pending), seeded on the first view.
 * </ul>
 *
 * A batch leaves Redis only through {@link #finish}, after its counts were committed to the database. Every call goes
 * through the Redis circuit and fails with a runtime exception when Redis is away.
 */
@ApplicationScoped
public class RedisViewCounter {

  static final String PENDING = "{views}:pending";
  static final String TOTAL = "{views}:total";
  static final String BATCHES = "{views}:batches";
  static final String BATCH_PREFIX = "{views}:batch:";

  /**
   * KEYS: pending, total. ARGV: product ids, one per view. For each view in turn: counts it if the product's count is
   * shown already (the usual case) and gives that count; else counts nothing and gives -1, and {@link #SEED} must
   * count it with the stored views. Returns one count per view, in order.
   */
  private static final String COUNT_ALL_IF_SHOWN =
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
   * KEYS: pending, total. ARGV: pairs of product id and views. Adds each product's views to the pending ones and, if
   * its count is shown, to that count too; gives per product the count shown, or -1 when it is not (the views are
   * pending all the same, and the product's next exact view seeds the count, them included).
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

  /** The most views one script call counts: a few hundred keep it well under a millisecond of Redis time. */
  private static final int MAX_BATCH = 256;

  /**
   * KEYS: pending, total, batches. ARGV: product id, views stored in the database, batch prefix. Counts the view and,
   * on the product's first view, seeds the count shown: stored plus pending plus claimed. Returns the count shown.
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

  /** KEYS: pending, total. ARGV: product id. Takes back a view counted for a request that found no product. */
  private static final String UNCOUNT =
      """
      if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
      if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then redis.call('HINCRBY', KEYS[2], ARGV[1], -1) end
      return 0
      """;

  /**
   * KEYS: pending, batches, new batch. ARGV: new batch id, lease in ms. Re-leases the batches claimed longer ago than
   * the lease, claims the pending views as a new batch if there are any; returns the ids of all batches now held.
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

  /** KEYS: batch, batches. ARGV: batch id. The total already counts these views: nothing to add there. */
  private static final String FINISH =
      """
      redis.call('DEL', KEYS[1])
      return redis.call('ZREM', KEYS[2], ARGV[1])
      """;

  @Inject RedisConnection redis;

  private static final DirectConnections.Script COUNT_ALL_SCRIPT = DirectConnections.Script.of(COUNT_ALL_IF_SHOWN);
  private static final List<String> COUNT_KEYS = List.of(PENDING, TOTAL);

  private final ViewCountBatches batches = new ViewCountBatches(this::countAll, MAX_BATCH);

  @PostConstruct
  void forgetTotalsAfterAnOutage() {
    // Views counted in the database while Redis was away are missing from the totals: reseed them. The library
    // voids every cached product on recovery too, so the stored counts the reseed starts from are fresh.
    redis.circuit().onRecovery(() -> redis.client().getKeys().delete(TOTAL));
  }

  /**
   * Starts counting one view of product {@code productId} before the product is read; {@link #await} gives the count
   * to show, or -1 when nothing was counted and {@link #seed} must count the view. Throws at once when the Redis
   * circuit is open.
   *
   * <p>On a single server the count rides with this thread's next cache read ({@link DirectConnections#carry}): one
   * socket write and one round trip for both. If no read carried it by the time it is awaited (a near-cache hit, the
   * cache off), the awaiting thread sends it alone over a direct connection and reads its reply itself.
   * Elsewhere (Sentinel, Cluster) it is sent at once with the views started meanwhile ({@link ViewCountBatches}), so
   * that its round trip overlaps the read's.
   */
  public CompletableFuture<Long> startCounting(long productId) {
    if (redis.direct().isEmpty()) {
      return redis.circuit().call(() -> batches.count(productId));
    }
    DirectConnections direct = redis.direct().get();
    List<String> id = List.of(String.valueOf(productId));
    return redis.circuit().call(() -> new CarriedCount(direct.carry(COUNT_ALL_SCRIPT, COUNT_KEYS, id)));
  }

  /** A view count riding with its thread's next cache read; completed by {@link #await}. */
  private static final class CarriedCount extends CompletableFuture<Long> {
    private final CarriedCall call;

    CarriedCount(CarriedCall call) {
      this.call = call;
    }
  }

  @SuppressWarnings("unchecked")
  private long awaitCarried(CarriedCount counting) {
    if (counting.isDone()) {
      return QueuedViews.countOf(counting);
    }
    try {
      // Not carried by a read: sent alone now, on this thread, one round trip. Joining a group commit instead (the
      // views in flight meanwhile leaving together) cost a near-cache hit about a fifth of its throughput on the
      // 2-core bench machine: every view waited for a reply another thread read, and was woken by it.
      long count = asCounts((List<Object>) counting.call.await()).get(0);
      counting.complete(count);
      return count;
    } catch (RuntimeException e) {
      counting.completeExceptionally(e);
      throw e;
    }
  }

  private CompletionStage<List<Long>> countAll(List<Long> productIds) {
    Object[] ids = new Object[productIds.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = String.valueOf(productIds.get(i));
    }
    return redis.circuit()
        .call(
            () ->
                script()
                    .<List<Object>>evalAsync(
                        TOTAL, RScript.Mode.READ_WRITE, COUNT_ALL_IF_SHOWN, RScript.ReturnType.LIST,
                        List.of(PENDING, TOTAL), ids)
                    .thenApply(RedisViewCounter::asCounts));
  }

  /**
   * Adds views counted in this process ({@code views.count-mode=buffered}): {@code views[i]} views of
   * {@code productIds[i]}, in one script call. Gives per product the count now shown, or -1 when none is.
   */
  public List<Long> addAll(List<Long> productIds, List<Long> views) {
    Object[] args = new Object[productIds.size() * 2];
    for (int i = 0; i < productIds.size(); i++) {
      args[2 * i] = String.valueOf(productIds.get(i));
      args[2 * i + 1] = String.valueOf(views.get(i));
    }
    return redis.circuit()
        .call(
            () ->
                asCounts(
                    script()
                        .<List<Object>>eval(
                            TOTAL, RScript.Mode.READ_WRITE, ADD_ALL, RScript.ReturnType.LIST,
                            List.of(PENDING, TOTAL), args)));
  }

  private static List<Long> asCounts(List<Object> reply) {
    List<Long> counts = new java.util.ArrayList<>(reply.size());
    for (Object count : reply) {
      counts.add(count instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(count)));
    }
    return counts;
  }

  /** Waits for a count started by {@link #startCounting}; a failure counts against the Redis circuit. */
  public long await(CompletableFuture<Long> counting) {
    if (counting instanceof CarriedCount carried) {
      return redis.circuit().call(() -> awaitCarried(carried));
    }
    return redis.circuit().call(() -> QueuedViews.countOf(counting));
  }

  /** Counts a view of a product whose count is not shown yet, seeding it from the stored views; the count shown. */
  public long seed(long productId, long stored) {
    return redis.circuit()
        .call(
            () ->
                script()
                    .<Long>eval(
                        TOTAL, RScript.Mode.READ_WRITE, SEED, RScript.ReturnType.LONG,
                        List.of(PENDING, TOTAL, BATCHES), String.valueOf(productId), String.valueOf(stored),
                        BATCH_PREFIX));
  }

  /** Takes back a view counted by {@link #startCounting} (it returned a count) for a product not found after all. */
  public void uncount(long productId) {
    redis.circuit()
        .run(
            () ->
                script()
                    .eval(
                        TOTAL, RScript.Mode.READ_WRITE, UNCOUNT, RScript.ReturnType.LONG,
                        List.of(PENDING, TOTAL), String.valueOf(productId)));
  }

  /** Claims the pending views as a new batch and re-leases abandoned batches; the ids of the batches now held. */
  public List<String> claim(Duration lease) {
    String id = UUID.randomUUID().toString();
    List<Object> held =
        redis.circuit()
            .call(
                () ->
                    script()
                        .eval(
                            BATCHES, RScript.Mode.READ_WRITE, CLAIM, RScript.ReturnType.LIST,
                            List.of(PENDING, BATCHES, BATCH_PREFIX + id), id,
                            String.valueOf(lease.toMillis())));
    return held.stream().map(String::valueOf).toList();
  }

  /** The views of a claimed batch; empty when it is gone (another flusher finished it). */
  public ClaimedBatch read(String batchId) {
    Map<String, String> fields =
        redis.circuit()
            .call(() -> redis.client().<String, String>getMap(BATCH_PREFIX + batchId, StringCodec.INSTANCE).readAllMap());
    return ClaimedBatch.of(batchId, fields);
  }

  /** Removes a batch whose views are in the database. */
  public void finish(String batchId) {
    redis.circuit()
        .run(
            () ->
                script()
                    .eval(
                        BATCHES, RScript.Mode.READ_WRITE, FINISH, RScript.ReturnType.LONG,
                        List.of(BATCH_PREFIX + batchId, BATCHES), batchId));
  }

  /** What waits in Redis: products with pending views, and claimed batches not yet finished. */
  public record Backlog(long pendingProducts, long claimedBatches) {}

  public Backlog backlog() {
    return redis.circuit()
        .call(
            () ->
                new Backlog(
                    redis.client().getMap(PENDING, StringCodec.INSTANCE).size(),
                    redis.client().getScoredSortedSet(BATCHES, StringCodec.INSTANCE).size()));
  }

  private RScript script() {
    return redis.client().getScript(StringCodec.INSTANCE);
  }
}
