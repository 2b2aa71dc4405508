package dev.granular.cache.stats;

import dev.granular.cache.DaemonThreads;
import dev.granular.cache.config.Settings;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.tag.RedisTagRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RBatch;
import org.redisson.api.RMapAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Adds this instance's counters to the cluster-wide totals in Redis every {@code
 * cache.stats.report-interval} (default 5 s): only the change since the last report, in one
 * pipelined round trip, so a request never writes statistics to Redis. While Redis is away the
 * changes pile up here and go out with the next report that gets through. Each report also reads
 * the totals back, for the history that the dashboard draws, and hands the local changes to the
 * {@link StatisticsListener}s (the MicroProfile Metrics bridge).
 */
@ApplicationScoped
public class RedisStatsReporter {

  private static final Logger LOG = Logger.getLogger(RedisStatsReporter.class.getName());
  static final String CACHES = "cache:stats:caches";
  static final String INVALIDATIONS = "cache:stats:invalidations";
  static final String INSTANCES = "cache:stats:instances";

  @Inject RedisConnection redis;
  @Inject CacheStatisticsRegistry statistics;
  @Inject InvalidationCounters invalidations;
  @Inject RedisTagRegistry tags;
  @Inject @Any Instance<StatisticsListener> listeners;

  private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
  private final StatisticsHistory history = new StatisticsHistory(720);
  private final Map<String, CacheStatistics> reported = new HashMap<>();
  private final Map<String, CacheStatistics> published = new HashMap<>();
  private InvalidationStatistics reportedInvalidations =
      new InvalidationStatistics(0, 0, 0, 0, 0, 0, 0);
  private volatile ClusterStatistics latest = ClusterStatistics.empty();
  private Duration interval;
  private ScheduledExecutorService timer;

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    interval = Settings.getDuration("cache.stats.report-interval", Duration.ofSeconds(5));
    timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("cache-stats-reporter"));
    long millis = interval.toMillis();
    timer.scheduleWithFixedDelay(this::reportSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** This instance's id in the cluster totals. */
  public String instanceId() {
    return instanceId;
  }

  /** The cluster totals as of the last report (empty before the first). */
  public ClusterStatistics cluster() {
    return latest;
  }

  public List<StatisticsHistory.Point> history() {
    return history.points();
  }

  /**
   * Sends the changes now and reads the totals back; used by the timer and by tests that cannot
   * wait.
   */
  public synchronized ClusterStatistics reportNow() {
    Map<String, CacheStatistics> current = statistics.snapshot();
    publishLocally(current);
    if (redis.circuit().isOpen()) {
      return latest;
    }
    InvalidationStatistics currentInvalidations = invalidations.snapshot();
    redis.circuit().run(() -> send(current, currentInvalidations));
    current.forEach(reported::put);
    reportedInvalidations = currentInvalidations;
    tags.reportGroupSizes();
    latest = redis.circuit().call(this::read);
    history.add(latest);
    return latest;
  }

  private void reportSafely() {
    try {
      reportNow();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Statistics not reported; the changes go out with the next report", e);
    }
  }

  private void publishLocally(Map<String, CacheStatistics> current) {
    if (listeners.isUnsatisfied()) {
      return;
    }
    current.forEach(
        (name, now) -> {
          CacheStatistics change = now.minus(published.getOrDefault(name, CacheStatistics.ZERO));
          if (!change.isZero()) {
            listeners.forEach(l -> l.changed(name, change));
          }
          published.put(name, now);
        });
  }

  private void send(
      Map<String, CacheStatistics> current, InvalidationStatistics currentInvalidations) {
    RBatch batch = client().createBatch();
    current.forEach(
        (name, now) -> {
          CacheStatistics change = now.minus(reported.getOrDefault(name, CacheStatistics.ZERO));
          if (!change.isZero()) {
            batch.getSet(CACHES, StringCodec.INSTANCE).addAsync(name);
            RMapAsync<String, String> totals = batch.getMap(cacheKey(name), StringCodec.INSTANCE);
            change.counters().forEach((counter, delta) -> addIfNonZero(totals, counter, delta));
          }
        });
    RMapAsync<String, String> totals = batch.getMap(INVALIDATIONS, StringCodec.INSTANCE);
    addIfNonZero(
        totals,
        "invalidations",
        currentInvalidations.invalidations() - reportedInvalidations.invalidations());
    addIfNonZero(totals, "tags", currentInvalidations.tags() - reportedInvalidations.tags());
    addIfNonZero(
        totals, "failures", currentInvalidations.failures() - reportedInvalidations.failures());
    addIfNonZero(
        totals, "lagMillis", currentInvalidations.lagMillis() - reportedInvalidations.lagMillis());
    batch
        .getMap(INSTANCES, StringCodec.INSTANCE)
        .fastPutAsync(instanceId, String.valueOf(System.currentTimeMillis()));
    batch.execute();
  }

  private static void addIfNonZero(RMapAsync<String, String> hash, String field, long delta) {
    if (delta != 0) {
      hash.addAndGetAsync(field, delta);
    }
  }

  private ClusterStatistics read() {
    List<String> names =
        new ArrayList<>(client().<String>getSet(CACHES, StringCodec.INSTANCE).readAll());
    RBatch batch = client().createBatch();
    names.forEach(name -> batch.getMap(cacheKey(name), StringCodec.INSTANCE).readAllMapAsync());
    batch.getMap(INVALIDATIONS, StringCodec.INSTANCE).readAllMapAsync();
    batch.getMap(INSTANCES, StringCodec.INSTANCE).readAllMapAsync();
    List<?> replies = batch.execute().getResponses();
    Map<String, CacheStatistics> caches = new TreeMap<>();
    for (int i = 0; i < names.size(); i++) {
      caches.put(names.get(i), CacheStatistics.of(numbers(replies.get(i))));
    }
    long now = System.currentTimeMillis();
    long alive = 3 * interval.toMillis();
    Map<String, Long> instances = numbers(replies.get(names.size() + 1));
    int live = (int) instances.values().stream().filter(at -> now - at <= alive).count();
    forgetInstancesGoneForADay(instances, now);
    return new ClusterStatistics(
        now, live, caches, new TreeMap<>(numbers(replies.get(names.size()))));
  }

  private void forgetInstancesGoneForADay(Map<String, Long> instances, long now) {
    String[] gone =
        instances.entrySet().stream()
            .filter(e -> now - e.getValue() > Duration.ofDays(1).toMillis())
            .map(Map.Entry::getKey)
            .toArray(String[]::new);
    if (gone.length > 0) {
      client().getMap(INSTANCES, StringCodec.INSTANCE).fastRemove((Object[]) gone);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> numbers(Object reply) {
    Map<String, Long> result = new HashMap<>();
    ((Map<Object, Object>) reply)
        .forEach((k, v) -> result.put(String.valueOf(k), parse(String.valueOf(v))));
    return result;
  }

  private static long parse(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0; // a field someone else wrote: ignore it rather than fail the whole reading
    }
  }

  static String cacheKey(String cacheName) {
    return "cache:stats:cache:" + cacheName;
  }

  private RedissonClient client() {
    return redis.client();
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
