package dev.granular.cache.lock;

import java.time.Duration;

/**
 * A lock per cache entry, shared by every instance, that lets one caller load a missing value while
 * the others wait for it. The holder must release it on the thread that acquired it.
 */
public interface RefillLock {

  /**
   * Tries to become the loader of an entry, waiting at most {@code wait}; the lock lapses by itself
   * after {@code lease} so a holder that died never blocks the entry for longer.
   */
  Attempt acquire(String cacheName, String entryName, Duration wait, Duration lease);

  /** The outcome of one {@link #acquire} call. */
  interface Attempt extends AutoCloseable {

    /** True when the caller holds the lock and must load. */
    boolean acquired();

    /** True when the wait ran out: the caller loads without storing. */
    boolean timedOut();

    /** How long the caller waited, in nanoseconds. */
    long waitedNanos();

    /** True while the caller still holds the lock (its lease has not lapsed). */
    boolean stillHeld();

    /** Releases the lock if it is still held; never throws. */
    @Override
    void close();
  }
}
