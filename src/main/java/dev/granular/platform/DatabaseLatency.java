package dev.granular.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The demo's simulated database: every read of a demo store goes through {@link #read}, which
 * sleeps {@code DEMO_DB_LATENCY_MS} (default 0) first, like a slow database, and counts the read,
 * so that stampedes can be shown and measured. {@code DEMO_DB_RESULT_LATENCY_MS} (default 0) sleeps
 * again after the query, before the rows go back: it widens the window between reading a row and
 * caching it, where the stale-set race lives.
 */
@ApplicationScoped
public class DatabaseLatency {

  private final LongAdder reads = new LongAdder();

  @Inject
  @ConfigProperty(name = "DEMO_DB_LATENCY_MS", defaultValue = "0")
  long latencyMillis;

  @Inject
  @ConfigProperty(name = "DEMO_DB_RESULT_LATENCY_MS", defaultValue = "0")
  long resultLatencyMillis;

  /** Runs one demo database read with the configured latencies around it. */
  public <T> T read(Supplier<T> query) {
    reads.increment();
    sleep(latencyMillis);
    T result = query.get();
    sleep(resultLatencyMillis);
    return result;
  }

  public long latencyMillis() {
    return latencyMillis;
  }

  /** Database reads since the application started. */
  public long reads() {
    return reads.sum();
  }

  private static void sleep(long millis) {
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
