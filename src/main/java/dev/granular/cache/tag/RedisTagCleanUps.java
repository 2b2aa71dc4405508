package dev.granular.cache.tag;

import dev.granular.cache.DaemonThreads;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Frees, in the background, the entries an invalidation voided; they are void already, this only
 * frees their memory.
 *
 * <p>Each round ({@link RedisCleanUpRound}) is one call that takes up to {@value
 * RedisCleanUpRound#BATCH} void dependents of every tag still to do, then, per cache, a read of the
 * taken entries, a read of their tags' versions and one script of conditional removals: four round
 * trips in the usual case, whatever the number of tags; a tag that gave a full batch goes on to the
 * next round, so no reply is huge. Entries stored after the invalidation are listed under its clock
 * or later and stay. An entry taken is removed only if its value is void, and only while it holds
 * that value, so a value stored after the invalidation but before its listing, or between a take
 * and the removal, stays: a write-through stores its new value without waiting for this. On a
 * single server every call of a round goes over the cache's direct connections ({@code
 * cache.redis.direct-connections}), the takes as one script call; elsewhere through Redisson, the
 * takes as one batch of script calls (a tag's set has a Cluster slot of its own).
 *
 * <p>One thread per instance runs the rounds, and up to {@value #TOGETHER} waiting clean-ups share
 * each one (one call or batch of takes, then per cache one read, one read of versions and one
 * removal script for all of them), so a stream of writes, each invalidating a few small groups,
 * costs a few round trips per round rather than per write. After a round, a clean-up with more to
 * do goes to the back of the queue: the clean-up of a small group invalidated while a large one is
 * being freed waits for one round of it, not for all of them. A failed round is tried again after a
 * pause that doubles each time ({@link #failed}); its clean-ups keep what they took meanwhile.
 */
final class RedisTagCleanUps {

  private static final Logger LOG = Logger.getLogger(RedisTagCleanUps.class.getName());
  // Clean-ups per round: each may take BATCH members per tag, so this bounds a round's replies too.
  private static final int TOGETHER = 16;

  // A failed round's clean-ups are tried again this long after, doubling each time; after the last,
  // what they have left waits for its expiry.
  private static final long FIRST_RETRY_MILLIS = 1000;
  private static final int ATTEMPTS = 6; // 1 + 2 + 4 + 8 + 16 s of trying

  private final ScheduledThreadPoolExecutor thread =
      new ScheduledThreadPoolExecutor(1, DaemonThreads.named("cache-tag-cleanup"));
  private final Queue<TagCleanUp> waiting = new ConcurrentLinkedQueue<>();
  // Clean-ups of failed rounds, each waiting for its time; only the thread touches them (and stop,
  // at the end).
  private final Queue<TagCleanUp> retrying = new ConcurrentLinkedQueue<>();
  // True while a round is queued on or running in the thread: one at a time.
  private final AtomicBoolean scheduled = new AtomicBoolean();
  // The next wake-up for retries; only the thread touches it.
  private ScheduledFuture<?> wake;
  // Guards holds and stopping; a round picks its clean-ups under it, so one queued after a hold
  // waits for it.
  private final Object holdLock = new Object();
  private int holds; // taken by hold() and not yet released: no round starts meanwhile
  private boolean stopping;
  private final RedisCleanUpRound round;
  private final CacheStatisticsRegistry statistics;
  private final Consumer<Set<String>> afterwards;

  /**
   * @param currentVersions reads the current versions of a set of tags at once (an absent tag left
   *     out)
   * @param afterwards told, after each round, the tags of the clean-ups it finished, whether they
   *     freed everything or failed
   */
  RedisTagCleanUps(
      RedisConnection redis,
      RedisCacheManager caches,
      CacheStatisticsRegistry statistics,
      Function<Set<String>, Map<String, String>> currentVersions,
      Consumer<Set<String>> afterwards) {
    this.round = new RedisCleanUpRound(redis, caches, currentVersions);
    this.statistics = statistics;
    this.afterwards = afterwards;
    thread.setRemoveOnCancelPolicy(true); // a wake-up replaced by an earlier one leaves the queue
  }

  /**
   * Queues the clean-up of the entries that the invalidation at {@code clock} voided in the groups
   * of {@code tags}; completes when it is over (one that gave up too: the entries are void anyway,
   * they wait for their expiry). {@code committedAtNanos} is when the invalidated change committed,
   * for the invalidation lag in the statistics.
   */
  CompletableFuture<Void> start(Set<String> tags, long clock, long committedAtNanos) {
    TagCleanUp cleanUp = new TagCleanUp(tags, clock, committedAtNanos);
    waiting.add(cleanUp);
    schedule();
    return cleanUp.done;
  }

  /**
   * Holds every round until the returned hold is closed (a round under way ends first; one queued
   * meanwhile waits), so an invalidation made meanwhile leaves its void entries in Redis until
   * then. Holds add up; closing one twice releases it once.
   */
  CleanUpHold hold() {
    synchronized (holdLock) {
      holds++;
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        synchronized (holdLock) {
          holds--;
          holdLock.notifyAll();
        }
      }
    };
  }

  void stop() {
    synchronized (holdLock) {
      stopping =
          true; // a round waiting for a hold's release gives up; the clean-ups are completed below
      holdLock.notifyAll();
    }
    thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(
        false); // a wake-up for retries is dropped
    thread.shutdown();
    for (Queue<TagCleanUp> queue : List.of(waiting, retrying)) {
      for (TagCleanUp cleanUp; (cleanUp = queue.poll()) != null; ) {
        cleanUp.done.complete(null); // nothing more freed: the entries are void anyway
      }
    }
  }

  private void schedule() {
    if (!scheduled.compareAndSet(false, true)) {
      return; // the round under way schedules the next one when it ends
    }
    try {
      thread.execute(this::nextRound);
    } catch (RejectedExecutionException shutDown) {
      scheduled.set(false);
      for (TagCleanUp cleanUp; (cleanUp = waiting.poll()) != null; ) {
        cleanUp.done.complete(null); // nothing freed: the entries are void anyway
      }
    }
  }

  /**
   * One round for up to {@value #TOGETHER} clean-ups ({@link #pickRound}); a failed clean-up waits
   * apart, so the others go on meanwhile. Waits first while the rounds are held ({@link #hold}).
   */
  private void nextRound() {
    List<TagCleanUp> together;
    synchronized (holdLock) {
      while (holds > 0 && !stopping) {
        try {
          holdLock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return; // only a shutdownNow interrupts, and stop completes the clean-ups left
        }
      }
      if (stopping) {
        return;
      }
      together = pickRound();
    }
    boolean roundFailed = false;
    try {
      round.run(together);
    } catch (RuntimeException e) {
      roundFailed = true;
      failed(together, e);
    } finally {
      List<TagCleanUp> finished = new ArrayList<>(together.size());
      for (TagCleanUp cleanUp : together) {
        if (cleanUp.isOver()) {
          finished.add(cleanUp);
        } else {
          (roundFailed ? retrying : waiting).add(cleanUp);
        }
      }
      finish(finished);
      scheduled.set(false);
      if (!waiting.isEmpty()) {
        schedule();
      } else {
        wakeForRetries();
      }
    }
  }

  /**
   * Failed clean-ups whose time to try again has come, then waiting ones, up to {@value #TOGETHER}
   * in all.
   */
  private List<TagCleanUp> pickRound() {
    List<TagCleanUp> together = new ArrayList<>(TOGETHER);
    long now = System.nanoTime();
    for (Iterator<TagCleanUp> due = retrying.iterator();
        due.hasNext() && together.size() < TOGETHER; ) {
      TagCleanUp cleanUp = due.next();
      if (now - cleanUp.retryAt >= 0) {
        due.remove();
        together.add(cleanUp);
      }
    }
    for (TagCleanUp cleanUp; together.size() < TOGETHER && (cleanUp = waiting.poll()) != null; ) {
      together.add(cleanUp);
    }
    return together;
  }

  /**
   * With nothing waiting, runs a round when the first retry is due (unless a wake-up that early is
   * set already).
   */
  private void wakeForRetries() {
    OptionalLong first = retrying.stream().mapToLong(cleanUp -> cleanUp.retryAt).min();
    if (first.isEmpty()) {
      return;
    }
    long delay = Math.max(0, first.getAsLong() - System.nanoTime());
    if (wake != null && !wake.isDone() && wake.getDelay(TimeUnit.NANOSECONDS) <= delay) {
      return;
    }
    if (wake != null) {
      wake.cancel(false);
    }
    try {
      wake = thread.schedule(this::schedule, delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shutDown) {
      wake = null; // stop completes the clean-ups left
    }
  }

  /**
   * After a failed round: each of its clean-ups keeps what it took and the tags still to do, to be
   * tried again in a later round once its pause is over (1 s after its first failed round, doubling
   * after each further one, so a Redis away is not asked in a loop), up to {@value #ATTEMPTS}
   * failed rounds; then it gives up, and its entries, void already, wait for their expiry.
   */
  private void failed(List<TagCleanUp> together, RuntimeException failure) {
    long now = System.nanoTime();
    long delay = 0;
    for (TagCleanUp cleanUp : together) {
      if (++cleanUp.failedRounds >= ATTEMPTS) {
        cleanUp.giveUp();
      } else {
        long millis = FIRST_RETRY_MILLIS << (cleanUp.failedRounds - 1);
        cleanUp.retryAt = now + TimeUnit.MILLISECONDS.toNanos(millis);
        delay = Math.max(delay, millis);
      }
    }
    List<Set<String>> tags = together.stream().map(cleanUp -> cleanUp.tags).toList();
    String next =
        delay > 0
            ? "; trying again in " + delay + " ms at most"
            : " after " + ATTEMPTS + " tries; the void entries left wait for their expiry";
    LOG.log(
        Level.WARNING,
        "Could not free the entries of tags " + tags + " (they are void already)" + next,
        failure);
  }

  /**
   * Counts what the {@code finished} clean-ups freed, tells {@code afterwards} their tags at once,
   * completes them.
   */
  private void finish(List<TagCleanUp> finished) {
    if (finished.isEmpty()) {
      return;
    }
    try {
      finished.forEach(cleanUp -> cleanUp.count(statistics));
      Set<String> tags = new HashSet<>();
      finished.forEach(cleanUp -> tags.addAll(cleanUp.tags));
      afterwards.accept(tags);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "No report of the clean-ups of " + finished.size() + " invalidations", e);
    } finally {
      finished.forEach(cleanUp -> cleanUp.done.complete(null));
    }
  }
}
