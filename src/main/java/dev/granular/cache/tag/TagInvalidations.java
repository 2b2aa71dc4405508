package dev.granular.cache.tag;

import dev.granular.cache.stats.InvalidationCounters;
import dev.granular.cache.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Invalidates tags once the current transaction has committed, never before and never on rollback; outside a
 * transaction, at once. Entity listeners call it with the tags a change affects; the tags of one transaction are
 * collected and invalidated together. While a transaction has pending invalidations, {@code @CacheResult} calls in
 * it bypass the cache, so a read inside the writing transaction never stores the state it is about to change.
 */
@ApplicationScoped
public class TagInvalidations {

  private static final Logger LOG = Logger.getLogger(TagInvalidations.class.getName());
  private static final Object PENDING = TagInvalidations.class.getName() + ".pending";

  private TagRegistry registry;
  private Event<TagsInvalidated> invalidated;
  private InvalidationCounters counters;

  protected TagInvalidations() {}

  @Inject
  public TagInvalidations(
      RedisTagRegistry registry, Event<TagsInvalidated> invalidated, InvalidationCounters counters) {
    this.registry = registry;
    this.invalidated = invalidated;
    this.counters = counters;
  }

  /** Invalidates {@code tags} after the current transaction commits (now, outside one). */
  public void afterCommit(Collection<String> tags) {
    Set<String> pending = AfterCommit.pending(PENDING, this::invalidateNow);
    if (pending == null) {
      invalidateNow(tags);
    } else {
      pending.addAll(tags);
    }
  }

  public void afterCommit(String... tags) {
    afterCommit(List.of(tags));
  }

  /** True when the calling thread's transaction will invalidate tags when it commits. */
  public static boolean pendingInThisTransaction() {
    Set<String> pending = AfterCommit.pendingIfAny(PENDING);
    return pending != null && !pending.isEmpty();
  }

  /** Invalidates at once; a failure is logged and reported, never thrown at the caller whose write committed. */
  public void invalidateNow(Collection<String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    try {
      registry.invalidate(tags);
      long done = System.nanoTime();
      counters.invalidated(tags.size(), done - AfterCommit.committedAtNanos(started));
      invalidated.fire(new TagsInvalidated(Set.copyOf(tags), done - started));
    } catch (RuntimeException e) {
      counters.failed();
      LOG.log(Level.SEVERE, "Could not invalidate tags " + tags, e);
    }
  }
}
