package dev.granular.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.inject.Inject;

/**
 * The demo's simulated database: every read of a demo store calls {@link #read()}, which sleeps
 * {@code DEMO_DB_LATENCY_MS} (default 0) first, like a slow database, and counts the read, so that stampedes and
 * races can be shown and measured.
 */
@ApplicationScoped
public class DatabaseLatency {

  private final LongAdder reads = new LongAdder();

  @Inject
  @ConfigProperty(name = "DEMO_DB_LATENCY_MS", defaultValue = "0")
  long latencyMillis;

  public void read() {
    reads.increment();
    if (latencyMillis > 0) {
      try {
        Thread.sleep(latencyMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public long latencyMillis() {
    return latencyMillis;
  }

  /** Database reads since the application started. */
  public long reads() {
    return reads.sum();
  }
}
