package dev.granular.cache.hot;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The pace of the background reads: the mean time a read takes, and from it how many reads may wait
 * ahead of a new one that should end well before its entry expires ({@link
 * BackgroundReads#submitBefore}).
 */
final class ReadPace {

  // The mean time a read takes (nanoseconds, weighted toward the latest; 0 until one has ended).
  private final AtomicLong meanReadNanos = new AtomicLong();

  /**
   * How many reads may wait while a new one, at the mean time a read has taken so far, still ends
   * within half of {@code nanosLeft}; before any read has ended, {@code threads}.
   */
  int maxWaiting(long nanosLeft, int threads) {
    long mean = meanReadNanos.get();
    return mean == 0 ? threads : waitingWithin(nanosLeft / 2, mean, threads);
  }

  /**
   * How many reads may wait while a new one still ends within {@code nanos}: it waits for the ones
   * ahead, split over the threads, and for a running one (at worst just begun), then runs itself.
   */
  static int waitingWithin(long nanos, long meanReadNanos, int threads) {
    double rounds = (double) nanos / meanReadNanos - 2; // the running read's and its own
    return rounds < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.floor(rounds) * threads + 1);
  }

  /** Counts a read that took {@code nanos} into the mean. */
  void took(long nanos) {
    long read = Math.max(1, nanos);
    meanReadNanos.updateAndGet(mean -> mean == 0 ? read : mean + (read - mean) / 8);
  }
}
