package dev.granular.cache.warm;

import dev.granular.cache.DaemonThreads;
import dev.granular.cache.config.Settings;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.stats.StatisticsSection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Fills caches ahead of demand, at startup ({@code cache.warm.startup-limit} keys per warmer, 0 =
 * off) and on request ({@code POST /api/cache/warm}). Each key is loaded through the cached method,
 * so the refill locks keep several instances (or a warm-up and a user) from loading it twice. Runs
 * are paced to {@code cache.warm.rate} keys per second so the database is never flooded, one at a
 * time across all instances, at most one per {@code cache.warm.cooldown}; progress goes to the log
 * and to {@code GET /api/cache/stats} ({@code "warming"}).
 */
@ApplicationScoped
public class CacheWarming implements StatisticsSection {

  private static final Logger LOG = Logger.getLogger(CacheWarming.class.getName());
  public static final int MAX_LIMIT = 100_000;

  @Inject @Any Instance<CacheWarmer> warmers;
  @Inject RedisWarmingClaim claim;
  @Inject CacheStatisticsRegistry statistics;

  private final AtomicReference<WarmingStatus> status = new AtomicReference<>(WarmingStatus.idle());
  private final String owner =
      ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
  private volatile long lastEnded = Long.MIN_VALUE;
  private ExecutorService ownThreads;

  void onStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    int limit = (int) Math.min(MAX_LIMIT, Settings.getLong("cache.warm.startup-limit", 0));
    if (limit <= 0 || warmers.isUnsatisfied()) {
      return;
    }
    try {
      start("startup", null, limit);
    } catch (WarmingRefused e) {
      LOG.info("Cache warming at startup skipped: " + e.getMessage());
      status.set(
          new WarmingStatus(
              "skipped",
              "startup",
              "",
              limit,
              0,
              0,
              0,
              0,
              System.currentTimeMillis(),
              0,
              e.getMessage()));
    }
  }

  /**
   * Starts a run in the background over {@code warmerName} (every warmer when null), {@code limit}
   * keys each.
   *
   * @throws WarmingRefused when a run is going on here or elsewhere, or the last one ended within
   *     the cool-down
   * @throws IllegalArgumentException for an unknown warmer or a limit outside 1..{@value
   *     #MAX_LIMIT}
   */
  public synchronized WarmingStatus start(String trigger, String warmerName, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
    }
    List<CacheWarmer> selected =
        warmers.stream().filter(w -> warmerName == null || w.name().equals(warmerName)).toList();
    if (selected.isEmpty()) {
      throw new IllegalArgumentException("no cache warmer named " + warmerName);
    }
    if (status.get().running()) {
      throw new WarmingRefused(409, "a warming run is going on on this instance", 0);
    }
    long cooldownNanos =
        Settings.getDuration("cache.warm.cooldown", Duration.ofSeconds(10)).toNanos();
    long sinceLast = System.nanoTime() - lastEnded;
    if (lastEnded != Long.MIN_VALUE && sinceLast < cooldownNanos) {
      long wait = TimeUnit.NANOSECONDS.toSeconds(cooldownNanos - sinceLast) + 1;
      throw new WarmingRefused(429, "the last warming run ended less than the cool-down ago", wait);
    }
    Duration claimTtl = Settings.getDuration("cache.warm.claim-ttl", Duration.ofMinutes(10));
    Optional<String> holder = claim.claim(owner, claimTtl);
    if (holder.isPresent()) {
      throw new WarmingRefused(409, "another instance is warming (" + holder.get() + ")", 0);
    }
    String names = String.join(",", selected.stream().map(CacheWarmer::name).toList());
    WarmingStatus running =
        new WarmingStatus(
            "running", trigger, names, limit, 0, 0, 0, 0, System.currentTimeMillis(), 0, "");
    status.set(running);
    try {
      executor().execute(() -> run(running, selected));
    } catch (RuntimeException e) {
      status.set(withCounts(running, "failed", 0, 0, 0, 0, e.toString()));
      claim.release(owner);
      throw e;
    }
    return running;
  }

  /** The latest run on this instance. */
  public WarmingStatus status() {
    return status.get();
  }

  private void run(WarmingStatus started, List<CacheWarmer> selected) {
    double rate = Math.max(1, Settings.getLong("cache.warm.rate", 200));
    long paceNanos = (long) (1e9 / rate);
    int total = 0;
    int warmed = 0;
    int failed = 0;
    long loads = 0;
    String outcome = "done";
    String detail = "";
    try {
      for (CacheWarmer warmer : selected) {
        List<?> keys = warmer.keys(started.requested());
        total += keys.size();
        long loadsBefore = statistics.of(warmer.cacheName()).snapshot().loads();
        LOG.info(
            "Cache warming ("
                + started.trigger()
                + "): "
                + keys.size()
                + " keys of "
                + warmer.name()
                + " at up to "
                + (long) rate
                + "/s");
        int step = Math.max(1, keys.size() / 10);
        long next = System.nanoTime();
        for (int i = 0; i < keys.size(); i++) {
          LockSupport.parkNanos(next - System.nanoTime());
          next += paceNanos;
          try {
            warmer.warm(keys.get(i));
            warmed++;
          } catch (RuntimeException e) {
            failed++;
            LOG.log(Level.FINE, "Could not warm " + warmer.name() + " " + keys.get(i), e);
          }
          if ((i + 1) % step == 0 || i + 1 == keys.size()) {
            LOG.info("Cache warming " + warmer.name() + ": " + (i + 1) + "/" + keys.size());
          }
          status.set(progress(started, total, warmed, failed, loads));
        }
        loads += statistics.of(warmer.cacheName()).snapshot().loads() - loadsBefore;
      }
    } catch (RuntimeException e) {
      outcome = "failed";
      detail = e.toString();
      LOG.log(Level.WARNING, "Cache warming failed", e);
    } finally {
      WarmingStatus end = withCounts(started, outcome, total, warmed, failed, loads, detail);
      status.set(end);
      lastEnded = System.nanoTime();
      claim.release(owner);
      LOG.info(
          "Cache warming ("
              + started.trigger()
              + ") "
              + outcome
              + ": "
              + warmed
              + " of "
              + total
              + " keys of "
              + started.warmer()
              + " in "
              + end.durationMillis()
              + " ms, "
              + loads
              + " loads, "
              + failed
              + " failed");
    }
  }

  private static WarmingStatus progress(
      WarmingStatus s, int total, int warmed, int failed, long loads) {
    return withCounts(s, "running", total, warmed, failed, loads, "");
  }

  /** {@code s} in {@code state}, with these counts and its duration so far. */
  private static WarmingStatus withCounts(
      WarmingStatus s, String state, int total, int warmed, int failed, long loads, String detail) {
    return new WarmingStatus(
        state,
        s.trigger(),
        s.warmer(),
        s.requested(),
        total,
        warmed,
        failed,
        loads,
        s.startedAt(),
        System.currentTimeMillis() - s.startedAt(),
        detail);
  }

  @Override
  public String name() {
    return "warming";
  }

  @Override
  public JsonObject statistics() {
    return toJson(status.get());
  }

  public static JsonObject toJson(WarmingStatus s) {
    return Json.createObjectBuilder()
        .add("state", s.state())
        .add("trigger", s.trigger())
        .add("warmer", s.warmer())
        .add("requested", s.requested())
        .add("total", s.total())
        .add("warmed", s.warmed())
        .add("failed", s.failed())
        .add("loads", s.loads())
        .add("startedAt", s.startedAt())
        .add("durationMillis", s.durationMillis())
        .add("detail", s.detail())
        .build();
  }

  // The container's executor gives the run a component context (JPA, JNDI, transactions); plain CDI
  // gets a thread.
  private synchronized java.util.concurrent.Executor executor() {
    try {
      return (java.util.concurrent.Executor)
          new InitialContext().lookup("java:comp/DefaultManagedExecutorService");
    } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
      if (ownThreads == null) {
        ownThreads = Executors.newSingleThreadExecutor(DaemonThreads.named("cache-warming"));
      }
      return ownThreads;
    }
  }

  @PreDestroy
  void stop() {
    if (ownThreads != null) {
      ownThreads.shutdownNow();
    }
  }
}
