package dev.granular.catalog.products.views;

import dev.granular.cache.config.Settings;
import dev.granular.cache.redis.CacheUnavailableException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code views.count-mode=buffered}: views of products whose count this instance knows are counted
 * in process ({@link ViewBuffer}) and sent to Redis every {@code views.buffer-interval} (default
 * 100 ms) in one script call per {@value #SEND_CHUNK} products, instead of a Redis command per view
 * or two. From Redis they go to the database as in the exact mode ({@link ViewFlusher}).
 *
 * <p>Views that cannot be sent (Redis away, or a failed call) are counted in the database instead,
 * like an exact view in that case. A shutdown sends what is held; a process killed outright loses
 * at most one interval of views. The other settings: {@code views.buffer-products} (default 10,000)
 * the most products held, {@code views.buffer-idle} (default 30 s) how long a product nobody views
 * stays held.
 */
@ApplicationScoped
public class BufferedViews {

  private static final Logger LOG = Logger.getLogger(BufferedViews.class.getName());
  static final int SEND_CHUNK = 500;

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject RedisViewCounter counter;
  @Inject ViewStore store;

  private final boolean enabled =
      "buffered".equalsIgnoreCase(Settings.get("views.count-mode", "exact"));
  private final Duration interval =
      Settings.getDuration("views.buffer-interval", Duration.ofMillis(100));
  private final ViewBuffer buffer =
      new ViewBuffer(
          (int) Settings.getLong("views.buffer-products", 10_000),
          (int)
              Math.max(
                  1,
                  Settings.getDuration("views.buffer-idle", Duration.ofSeconds(30)).toMillis()
                      / Math.max(1, interval.toMillis())));
  private final LongAdder sentViews = new LongAdder();
  private final LongAdder sends = new LongAdder();
  private final LongAdder countedInDatabase = new LongAdder();
  private final Object sending = new Object();
  private ScheduledFuture<?> task;

  /** What this instance's buffer did since it started, and what it holds now. */
  public record Stats(
      boolean enabled,
      long heldProducts,
      long unsentViews,
      long sends,
      long sentViews,
      long countedInDatabase) {}

  void start(@Observes @Initialized(ApplicationScoped.class) Object initialized) {
    if (!enabled) {
      return;
    }
    long millis = Math.max(10, interval.toMillis());
    task =
        scheduler.scheduleWithFixedDelay(this::sendSafely, millis, millis, TimeUnit.MILLISECONDS);
    LOG.info(() -> "Views counted in process, sent to Redis every " + millis + " ms");
  }

  /**
   * Before any application-scoped bean (the Redis client among them) is destroyed: send what is
   * held.
   */
  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object destroying) {
    if (task != null) {
      task.cancel(false);
      sendSafely(); // what was counted since the last send
    }
  }

  /** Whether {@code views.count-mode=buffered}. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Counts a view in process; the count to show, or -1 when the view must be counted the exact way.
   */
  long count(long productId) {
    return enabled ? buffer.count(productId) : -1;
  }

  /**
   * Remembers the count an exact view of the product showed, so that its next views are counted in
   * process.
   */
  void remember(long productId, long shown) {
    if (enabled) {
      buffer.remember(productId, shown);
    }
  }

  /** Takes back a view counted in process and not sent yet; false when there is none. */
  boolean takeBack(long productId) {
    return enabled && buffer.takeBack(productId);
  }

  public Stats stats() {
    return new Stats(
        enabled,
        buffer.size(),
        buffer.unsent(),
        sends.sum(),
        sentViews.sum(),
        countedInDatabase.sum());
  }

  /** Sends the views held now; returns once Redis (or, failing that, the database) holds them. */
  public void send() {
    synchronized (
        sending) { // one drain at a time: a drain's reply must be applied before the next drain
      ViewBuffer.Drain drain = buffer.drain();
      for (int from = 0; from < drain.size(); from += SEND_CHUNK) {
        send(drain.slice(from, Math.min(drain.size(), from + SEND_CHUNK)));
      }
    }
  }

  private void send(ViewBuffer.Drain part) {
    List<Long> totals;
    try {
      totals = counter.addAll(part.productIds(), part.views());
    } catch (RuntimeException e) {
      buffer.failed(part);
      countInDatabase(part, e);
      return;
    }
    buffer.sent(part, totals);
    sends.increment();
    sentViews.add(part.totalViews());
  }

  private void countInDatabase(ViewBuffer.Drain part, RuntimeException failure) {
    if (failure instanceof CacheUnavailableException) {
      LOG.log(
          Level.FINE, "Redis away: {0} buffered views counted in the database", part.totalViews());
    } else {
      // A timeout may have counted them in Redis too: counted twice is better than lost, as for an
      // exact view.
      LOG.log(
          Level.WARNING,
          part.totalViews()
              + " buffered views counted in the database after a failed Redis call,"
              + " which may have counted them too",
          failure);
    }
    store.addAll(part.productIds(), part.views());
    countedInDatabase.add(part.totalViews());
  }

  private void sendSafely() {
    try {
      send();
    } catch (RuntimeException e) {
      // Reached only when the database refused them too: those views are lost, and said so.
      LOG.log(Level.SEVERE, "Buffered views lost: neither Redis nor the database took them", e);
    }
  }
}
