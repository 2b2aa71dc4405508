package dev.granular.catalog.products.views;

import dev.granular.cache.config.Settings;
import dev.granular.cache.redis.CacheUnavailableException;
import dev.granular.catalog.products.views.ViewFlushPause.Stage;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes pending views to the database every {@code views.flush-interval} (default 5 s), on every
 * instance: claim the pending views as a batch (and any batch whose claim is older than {@code
 * views.claim-lease}, default 30 s, whose flusher died), commit each batch's counts part by part
 * ({@value #PART_SIZE} products a part), each part with its {@link ViewBatch} row, and only then
 * remove the batch from Redis. An instance killed at any point loses no view: the batch is claimed
 * again by another instance after the lease, and the part rows tell the next claimer which counts
 * are in already.
 */
@ApplicationScoped
public class ViewFlusher {

  private static final Logger LOG = Logger.getLogger(ViewFlusher.class.getName());
  private static final Duration KEEP_APPLIED = Duration.ofDays(1);
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);
  // Fixed, not configured: every instance must cut a batch into the same parts (see
  // ClaimedBatch.parts).
  static final int PART_SIZE = 100;

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject RedisViewCounter counter;
  @Inject ViewStore store;

  private final Duration interval =
      Settings.getDuration("views.flush-interval", Duration.ofSeconds(5));
  private final Duration lease = Settings.getDuration("views.claim-lease", Duration.ofSeconds(30));
  private final ViewFlushPause pause = ViewFlushPause.fromConfiguration();
  private final LongAdder claimedBatches = new LongAdder();
  private final LongAdder flushedBatches = new LongAdder();
  private final LongAdder flushedViews = new LongAdder();
  private final LongAdder alreadyApplied = new LongAdder();
  private volatile Instant prunedAt = Instant.EPOCH;
  private ScheduledFuture<?> task;

  /** This instance's flush counters since it started. */
  public record Stats(
      long claimedBatches, long flushedBatches, long flushedViews, long alreadyApplied) {}

  void start(@Observes @Initialized(ApplicationScoped.class) Object initialized) {
    long millis = Math.max(100, interval.toMillis());
    task =
        scheduler.scheduleWithFixedDelay(this::flushSafely, millis, millis, TimeUnit.MILLISECONDS);
    LOG.info(
        () -> "View write-back every " + millis + " ms, claim lease " + lease.toMillis() + " ms");
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(true);
    }
  }

  public Stats stats() {
    return new Stats(
        claimedBatches.sum(), flushedBatches.sum(), flushedViews.sum(), alreadyApplied.sum());
  }

  private void flushSafely() {
    try {
      flush();
      pruneNowAndThen();
    } catch (CacheUnavailableException e) {
      LOG.log(Level.FINE, "View write-back skipped: Redis unavailable");
    } catch (RuntimeException e) {
      // A batch left in Redis is claimed again after the lease; nothing is lost by giving up this
      // round.
      LOG.log(Level.WARNING, "View write-back failed; retried after the claim lease", e);
    }
  }

  /** One round: every batch this instance now holds, written back and removed. */
  void flush() {
    List<String> held = counter.claim(lease);
    for (String id : held) {
      ClaimedBatch batch = counter.read(id);
      claimedBatches.increment();
      if (!batch.isEmpty()) {
        pause.at(Stage.AFTER_CLAIM, batch);
        long written = write(batch);
        if (written > 0) {
          flushedBatches.increment();
          flushedViews.add(written);
          LOG.fine(() -> "views batch " + batch + " written");
        } else {
          alreadyApplied.increment();
          LOG.info(
              () ->
                  "views batch " + batch + " was written before its flusher stopped; removing it");
        }
        pause.at(Stage.AFTER_COMMIT, batch);
      }
      counter.finish(id);
    }
  }

  /**
   * Writes the batch part by part, each part in a transaction of its own, and returns the views
   * written now (0 when every part was in already). Short transactions matter: a part locks its
   * rows until it commits, and an edit of one of them waits that long; with one transaction for
   * thousands of rows, the most viewed products, the ones most often edited too, were locked long
   * enough to put the benchmark mix's p99 at 200 to 350 ms. A part written before a flusher died is
   * skipped by the next one.
   */
  private long write(ClaimedBatch batch) {
    if (store.applied(batch.id())) {
      return 0; // written whole, as one part, by a version that did not cut batches
    }
    long written = 0;
    for (ClaimedBatch part : batch.parts(PART_SIZE)) {
      if (store.apply(part)) {
        written += part.views();
      }
    }
    return written;
  }

  private void pruneNowAndThen() {
    Instant now = Instant.now();
    if (prunedAt.plus(PRUNE_EVERY).isBefore(now)) {
      prunedAt = now;
      int pruned = store.prune(now.minus(KEEP_APPLIED));
      LOG.fine(() -> pruned + " applied view batches pruned");
    }
  }
}
