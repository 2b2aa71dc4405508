package dev.granular.catalog.products.views;

import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.RedisConnection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The view counters in Redis, all under the {@code {views}} hash tag so that every script's keys
 * share one Redis Cluster slot:
 *
 * <ul>
 *   <li>{@code {views}:pending}: product id to views not yet claimed by a flusher;
 *   <li>{@code {views}:batch:<uuid>}: a claimed batch, the former pending hash, renamed in one
 *       step;
 *   <li>{@code {views}:batches}: sorted set of claimed batch ids, scored by claim time (Redis's
 *       clock, milliseconds); a batch whose claim is older than the lease belongs to a dead flusher
 *       and is claimed again;
 *   <li>{@code {views}:total}: product id to the count shown (stored plus pending), seeded on the
 *       first view.
 * </ul>
 *
 * A batch leaves Redis only through {@link #finish}, after its counts were committed to the
 * database. Every call goes through the Redis circuit and fails with a runtime exception when Redis
 * is away.
 *
 * <p>The scripts and their calls are in {@link RedisViewCountScripts} (counting, the counts shown)
 * and {@link RedisClaimedBatches} (the flusher's batches); a single server's per-request count in
 * {@link CarriedViewCount}.
 */
@ApplicationScoped
public class RedisViewCounter {

  static final String PENDING = "{views}:pending";
  static final String TOTAL = "{views}:total";
  static final String BATCHES = "{views}:batches";
  static final String BATCH_PREFIX = "{views}:batch:";

  /**
   * The most views one script call counts: a few hundred keep it well under a millisecond of Redis
   * time.
   */
  private static final int MAX_BATCH = 256;

  @Inject RedisConnection redis;

  private final ViewCountBatches batches = new ViewCountBatches(this::countAll, MAX_BATCH);

  @PostConstruct
  void forgetTotalsAfterAnOutage() {
    // Views counted in the database while Redis was away are missing from the totals: reseed them.
    // The library voids every cached product on recovery too, so the stored counts the reseed
    // starts from are fresh.
    redis.circuit().onRecovery(() -> redis.client().getKeys().delete(TOTAL));
  }

  /**
   * Starts counting one view of product {@code productId} before the product is read; {@link
   * #await} gives the count to show, or -1 when nothing was counted and {@link #seed} must count
   * the view. Throws at once when the Redis circuit is open.
   *
   * <p>On a single server the count rides with this thread's next cache read ({@link
   * DirectConnections#carry}): one socket write and one round trip for both. If no read carried it
   * by the time it is awaited (a near-cache hit, the cache off), the awaiting thread sends it alone
   * over a direct connection and reads its reply itself. Elsewhere (Sentinel, Cluster) it is sent
   * at once with the views started meanwhile ({@link ViewCountBatches}), so that its round trip
   * overlaps the read's.
   */
  public CompletableFuture<Long> startCounting(long productId) {
    if (redis.direct().isEmpty()) {
      return redis.circuit().call(() -> batches.count(productId));
    }
    return CarriedViewCount.start(redis, productId);
  }

  private CompletionStage<List<Long>> countAll(List<Long> productIds) {
    return RedisViewCountScripts.countAll(redis, productIds);
  }

  /**
   * Adds views counted in this process ({@code views.count-mode=buffered}): {@code views[i]} views
   * of {@code productIds[i]}, in one script call. Gives per product the count now shown, or -1 when
   * none is.
   */
  public List<Long> addAll(List<Long> productIds, List<Long> views) {
    return RedisViewCountScripts.addAll(redis, productIds, views);
  }

  /**
   * Waits for a count started by {@link #startCounting}; a failure counts against the Redis
   * circuit.
   */
  public long await(CompletableFuture<Long> counting) {
    if (counting instanceof CarriedViewCount carried) {
      return redis.circuit().call(() -> carried.await());
    }
    return redis.circuit().call(() -> QueuedViews.countOf(counting));
  }

  /**
   * Counts a view of a product whose count is not shown yet, seeding it from the stored views; the
   * count shown.
   */
  public long seed(long productId, long stored) {
    return RedisViewCountScripts.seed(redis, productId, stored);
  }

  /**
   * Takes back a view counted by {@link #startCounting} (it returned a count) for a product not
   * found after all.
   */
  public void uncount(long productId) {
    RedisViewCountScripts.uncount(redis, productId);
  }

  /**
   * Claims the pending views as a new batch and re-leases abandoned batches; the ids of the batches
   * now held.
   */
  public List<String> claim(Duration lease) {
    return RedisClaimedBatches.claim(redis, lease);
  }

  /** The views of a claimed batch; empty when it is gone (another flusher finished it). */
  public ClaimedBatch read(String batchId) {
    return RedisClaimedBatches.read(redis, batchId);
  }

  /** Removes a batch whose views are in the database. */
  public void finish(String batchId) {
    RedisClaimedBatches.finish(redis, batchId);
  }

  /** What waits in Redis: products with pending views, and claimed batches not yet finished. */
  public record Backlog(long pendingProducts, long claimedBatches) {}

  public Backlog backlog() {
    return RedisClaimedBatches.backlog(redis);
  }
}
