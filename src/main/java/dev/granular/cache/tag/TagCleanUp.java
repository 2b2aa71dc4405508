package dev.granular.cache.tag;

import dev.granular.cache.stats.CacheStatisticsRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One invalidation's clean-up in {@link RedisTagCleanUps}: the tags that may still have void
 * dependents, the entries it took but has not freed yet (after a failed round), and what it removed
 * so far. Only the clean-up thread touches it (and the stop, at the end).
 */
final class TagCleanUp {

  private static final Logger LOG = Logger.getLogger(TagCleanUp.class.getName());

  final Set<String> tags;
  final long clock;
  private final long committedAtNanos;
  final Map<String, Long> removed = new HashMap<>();
  final CompletableFuture<Void> done = new CompletableFuture<>();
  List<String> pending;
  // cache -> entries taken from the tags' groups, still to be freed
  final Map<String, Set<String>> held = new HashMap<>();
  int failedRounds;
  long retryAt; // System.nanoTime() after which a failed clean-up is tried again

  TagCleanUp(Set<String> tags, long clock, long committedAtNanos) {
    this.tags = tags;
    this.clock = clock;
    this.committedAtNanos = committedAtNanos;
    this.pending = new ArrayList<>(tags);
  }

  boolean isOver() {
    return pending.isEmpty() && held.isEmpty();
  }

  void giveUp() {
    pending = List.of();
    held.clear();
  }

  /** Counts what it freed, per cache, with the lag since the invalidated change committed. */
  void count(CacheStatisticsRegistry statistics) {
    try {
      long lag = System.nanoTime() - committedAtNanos;
      removed.forEach((cache, count) -> statistics.of(cache).tagEvicted(count, lag));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "No statistics for the clean-up of tags " + tags, e);
    }
  }
}
