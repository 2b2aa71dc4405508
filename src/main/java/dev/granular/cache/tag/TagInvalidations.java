package dev.granular.cache.tag;

import dev.granular.cache.stats.InvalidationCounters;
import dev.granular.cache.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Invalidates tags once the current transaction has committed, never before and never on rollback;
 * outside a transaction, at once. Entity listeners call it with the tags a change affects; the tags
 * of one transaction are collected and invalidated together. While a transaction has pending
 * invalidations, {@code @CacheResult} calls in it bypass the cache, so a read inside the writing
 * transaction never stores the state it is about to change.
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
      RedisTagRegistry registry,
      Event<TagsInvalidated> invalidated,
      InvalidationCounters counters) {
    this.registry = registry;
    this.invalidated = invalidated;
    this.counters = counters;
  }

  /** Invalidates {@code tags} after the current transaction commits (now, outside one). */
  public void afterCommit(Collection<String> tags) {
    afterCommit(tags, null);
  }

  /**
   * Invalidates {@code tags} after the current transaction commits (now, outside one), together
   * with every other tag the transaction invalidates, and then hands the outcome to {@code then};
   * {@code then} does not run when the invalidation fails. Write-through puts use it to store the
   * new value only after the invalidation.
   */
  public void afterCommit(Collection<String> tags, Consumer<Invalidation> then) {
    Set<Object> pending = AfterCommit.pending(PENDING, this::commit);
    if (pending == null) {
      Invalidation done = invalidateNow(tags);
      if (then != null && done != null) {
        then.accept(done);
      }
      return;
    }
    pending.addAll(tags);
    if (then != null) {
      pending.add(new Then(then));
    }
  }

  /** A follow-up in the pending set; a record, so it never equals a tag. */
  private record Then(Consumer<Invalidation> action) {}

  private void commit(Set<Object> pending) {
    List<String> tags =
        pending.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    Invalidation done = invalidateNow(tags);
    if (done == null) {
      return;
    }
    pending.stream()
        .filter(Then.class::isInstance)
        .map(Then.class::cast)
        .forEach(
            then -> {
              try {
                then.action().accept(done);
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "After-invalidation cache work failed", e);
              }
            });
  }

  public void afterCommit(String... tags) {
    afterCommit(List.of(tags));
  }

  /** True when the calling thread's transaction will invalidate tags when it commits. */
  public static boolean pendingInThisTransaction() {
    Set<Object> pending = AfterCommit.pendingIfAny(PENDING);
    return pending != null && !pending.isEmpty();
  }

  /**
   * Invalidates at once; a failure is logged and reported, never thrown at the caller whose write
   * committed.
   *
   * @return what the invalidation did, or null when it failed
   */
  public Invalidation invalidateNow(Collection<String> tags) {
    if (tags.isEmpty()) {
      return Invalidation.none();
    }
    long started = System.nanoTime();
    try {
      Invalidation done = registry.invalidate(tags);
      long finished = System.nanoTime();
      counters.invalidated(tags.size(), finished - AfterCommit.committedAtNanos(started));
      invalidated.fire(new TagsInvalidated(Set.copyOf(tags), finished - started));
      return done;
    } catch (RuntimeException e) {
      counters.failed();
      LOG.log(Level.SEVERE, "Could not invalidate tags " + tags, e);
      return null;
    }
  }
}
