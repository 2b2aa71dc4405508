package dev.granular.cache.near;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;

/**
 * The recent invalidations this instance received, numbered. A fill reads {@link #sequence()}
 * before it reads Redis; when it wants to store, {@link #touchedSince} tells whether an
 * invalidation of any of its tags (or a reset, or more invalidations than the log remembers)
 * arrived in between, in which case the value read may be older than a committed write and is not
 * kept. Not thread-safe: its owner serializes every call but {@link #sequence()}.
 */
final class InvalidationLog {

  private final Set<?>[] recent;
  private volatile long sequence;
  private long resetAt;

  InvalidationLog(int capacity) {
    this.recent = new Set<?>[capacity];
  }

  /** The number of the last invalidation or reset; read before a fill reads Redis. */
  long sequence() {
    return sequence;
  }

  void record(Set<String> tags) {
    long next = sequence + 1;
    recent[slot(next)] = tags;
    sequence = next;
  }

  /**
   * Everything may have changed (messages lost, Redis away): refuse every fill that started before.
   */
  void reset() {
    long next = sequence + 1;
    recent[slot(next)] = null;
    resetAt = next;
    sequence = next;
  }

  /** True when an invalidation after {@code since} may concern {@code tags}. */
  boolean touchedSince(long since, Collection<String> tags) {
    long now = sequence;
    if (now == since) {
      return false;
    }
    if (resetAt > since || now - since > recent.length) {
      return true; // reset, or the messages in between were overwritten: assume the worst
    }
    for (long number = since + 1; number <= now; number++) {
      Set<?> invalidated = recent[slot(number)];
      if (invalidated == null || !Collections.disjoint(invalidated, tags)) {
        return true;
      }
    }
    return false;
  }

  private int slot(long number) {
    return (int) Math.floorMod(number, (long) recent.length);
  }
}
