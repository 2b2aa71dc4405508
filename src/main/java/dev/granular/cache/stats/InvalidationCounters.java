package dev.granular.cache.stats;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tag invalidations on this instance and their lag: the time from the writer's commit until the
 * tags' new versions are in Redis, after which no instance serves an entry that depends on them.
 * Keeps the last 1,024 lags for percentiles.
 */
@ApplicationScoped
public class InvalidationCounters {

  private static final int RECENT = 1024;

  private final LongAdder invalidations = new LongAdder();
  private final LongAdder tags = new LongAdder();
  private final LongAdder lagNanos = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final long[] recent = new long[RECENT];
  private long recorded;
  private long maxLagNanos;

  /**
   * One invalidation of {@code tagCount} tags finished {@code lagNanos} after its transaction
   * committed.
   */
  public void invalidated(int tagCount, long lagNanos) {
    invalidations.increment();
    tags.add(tagCount);
    this.lagNanos.add(lagNanos);
    synchronized (recent) {
      recent[(int) (recorded++ % RECENT)] = lagNanos;
      maxLagNanos = Math.max(maxLagNanos, lagNanos);
    }
  }

  /** An invalidation could not reach Redis (the circuit opened; recovery voids everything). */
  public void failed() {
    failures.increment();
  }

  public InvalidationStatistics snapshot() {
    long[] sorted;
    long max;
    synchronized (recent) {
      sorted = Arrays.copyOf(recent, (int) Math.min(recorded, RECENT));
      max = maxLagNanos;
    }
    Arrays.sort(sorted);
    return new InvalidationStatistics(
        invalidations.sum(),
        tags.sum(),
        failures.sum(),
        lagNanos.sum() / 1_000_000,
        micros(percentile(sorted, 0.50)),
        micros(percentile(sorted, 0.99)),
        micros(max));
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }

  private static long micros(long nanos) {
    return nanos / 1_000;
  }
}
