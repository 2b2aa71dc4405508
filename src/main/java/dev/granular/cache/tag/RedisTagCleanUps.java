package dev.granular.cache.tag;

import dev.granular.cache.DaemonThreads;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.redis.ScriptBatches;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Frees, in the background, the entries an invalidation voided; they are void already, this only frees their memory.
 *
 * <p>Each round is one batch that takes up to {@value #BATCH} void dependents of every tag still to do
 * ({@link #TAKE_VOID}), then, per cache, a read of the taken entries, an {@code MGET} of their tags' versions and one
 * script of conditional removals ({@link #remove}): four round trips in the usual case, whatever the number of tags; a
 * tag that gave a full batch goes on to the next round, so no reply is huge. Entries stored after the invalidation are
 * listed under its clock or later and stay. An entry taken is removed only if its value is void, and only while it
 * holds that value, so a value stored after the invalidation but before its listing, or between a take and the
 * removal, stays: a write-through stores its new value without waiting for this.
 *
 * <p>One thread per instance runs the rounds, and up to {@value #TOGETHER} waiting clean-ups share each one (one
 * batch of takes, then per cache one read, one {@code MGET} and one removal script for all of them), so a stream of
 * writes, each invalidating a few small groups, costs a few round trips per round rather than per write. After a
 * round, a clean-up with more to do goes to the back of the queue: the clean-up of a small group invalidated while a
 * large one is being freed waits for one round of it, not for all of them.
 */
final class RedisTagCleanUps {

  private static final Logger LOG = Logger.getLogger(RedisTagCleanUps.class.getName());
  // Small batches keep each removal script (which touches the hash and the expiry set per entry) to a few
  // milliseconds of Redis time.
  private static final int BATCH = 100;
  // Clean-ups per round: each may take BATCH members per tag, so this bounds a round's replies too.
  private static final int TOGETHER = 16;

  /**
   * KEYS: a tag's dependents. ARGV: the most members to take, the invalidation's clock. Takes (returns and removes)
   * up to that many entries stored with a version of the tag older than the invalidation: those it voided. Entries
   * stored since, with the new version, stay listed and stay cached. Fewer members than asked for means the tag has
   * no more void ones.
   */
  private static final String TAKE_VOID =
      """
      local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[1]))
      if #members > 0 then redis.call('ZREM', KEYS[1], unpack(members)) end
      return members
      """;

  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(DaemonThreads.named("cache-tag-cleanup"));
  private final Queue<CleanUp> waiting = new ConcurrentLinkedQueue<>();
  // True while a round is queued on or running in the thread: one at a time.
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Supplier<RedissonClient> client;
  private final RedisCacheManager caches;
  private final CacheStatisticsRegistry statistics;
  private final Function<Set<String>, Map<String, String>> currentVersions;
  private final Consumer<Set<String>> afterwards;

  /**
   * @param currentVersions reads the current versions of a set of tags at once (an absent tag left out)
   * @param afterwards told the tags of each finished clean-up, whether it freed everything or failed
   */
  RedisTagCleanUps(
      Supplier<RedissonClient> client,
      RedisCacheManager caches,
      CacheStatisticsRegistry statistics,
      Function<Set<String>, Map<String, String>> currentVersions,
      Consumer<Set<String>> afterwards) {
    this.client = client;
    this.caches = caches;
    this.statistics = statistics;
    this.currentVersions = currentVersions;
    this.afterwards = afterwards;
  }

  /**
   * Queues the clean-up of the entries that the invalidation at {@code clock} voided in the groups of {@code tags};
   * completes when it is over (failed ones too: the entries are void anyway, they wait for their expiry).
   * {@code committedAtNanos} is when the invalidated change committed, for the invalidation lag in the statistics.
   */
  CompletableFuture<Void> start(Set<String> tags, long clock, long committedAtNanos) {
    CleanUp cleanUp = new CleanUp(tags, clock, committedAtNanos);
    waiting.add(cleanUp);
    schedule();
    return cleanUp.done;
  }

  void stop() {
    thread.shutdown();
  }

  private void schedule() {
    if (!scheduled.compareAndSet(false, true)) {
      return; // the round under way schedules the next one when it ends
    }
    try {
      thread.execute(this::nextRound);
    } catch (RejectedExecutionException stopping) {
      scheduled.set(false);
      for (CleanUp cleanUp; (cleanUp = waiting.poll()) != null; ) {
        cleanUp.done.complete(null); // nothing freed: the entries are void anyway
      }
    }
  }

  /** One round for up to {@value #TOGETHER} waiting clean-ups, from the head of the queue. */
  private void nextRound() {
    List<CleanUp> together = new ArrayList<>(TOGETHER);
    for (CleanUp cleanUp; together.size() < TOGETHER && (cleanUp = waiting.poll()) != null; ) {
      together.add(cleanUp);
    }
    try {
      round(together);
    } catch (RuntimeException e) {
      List<Set<String>> tags = together.stream().map(cleanUp -> cleanUp.tags).toList();
      LOG.log(Level.WARNING, "Could not free the entries of tags " + tags + " (they are void already)", e);
      together.forEach(cleanUp -> cleanUp.pending = List.of());
    } finally {
      for (CleanUp cleanUp : together) {
        if (cleanUp.pending.isEmpty()) {
          cleanUp.finish();
        } else {
          waiting.add(cleanUp);
        }
      }
      scheduled.set(false);
      if (!waiting.isEmpty()) {
        schedule();
      }
    }
  }

  /** One invalidation's clean-up: the tags that may still have void dependents, and what it removed so far. */
  private final class CleanUp {

    private final Set<String> tags;
    private final long clock;
    private final long committedAtNanos;
    private final Map<String, Long> removed = new HashMap<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private List<String> pending;

    CleanUp(Set<String> tags, long clock, long committedAtNanos) {
      this.tags = tags;
      this.clock = clock;
      this.committedAtNanos = committedAtNanos;
      this.pending = new ArrayList<>(tags);
    }

    void finish() {
      try {
        long lag = System.nanoTime() - committedAtNanos;
        removed.forEach((cache, count) -> statistics.of(cache).tagEvicted(count, lag));
        afterwards.accept(tags);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "No statistics for the clean-up of tags " + tags, e);
      } finally {
        done.complete(null);
      }
    }
  }

  /** A take of one round: up to {@value #BATCH} void dependents of {@code tag} for {@code cleanUp}. */
  private record Take(CleanUp cleanUp, String tag) {}

  /**
   * One round of the clean-ups {@code together}: every take in one batch, then per cache one removal of the entries
   * taken. Leaves in each clean-up's {@code pending} the tags that gave a full batch and may have more.
   */
  private void round(List<CleanUp> together) {
    List<Take> takes = new ArrayList<>();
    for (CleanUp cleanUp : together) {
      cleanUp.pending.forEach(tag -> takes.add(new Take(cleanUp, tag)));
      cleanUp.pending = new ArrayList<>();
    }
    // Sent again after a NOSCRIPT: on a Cluster, the takes of a master that still knew the script ran twice, and
    // the members of the first run stay void and unlisted until they expire (a forgotten script is rare).
    List<?> taken =
        ScriptBatches.execute(
                client.get(),
                batch ->
                    takes.forEach(
                        take -> {
                          String entries = RedisTagRegistry.entriesKey(take.tag());
                          batch
                              .getScript(StringCodec.INSTANCE)
                              .evalAsync(
                                  entries, RScript.Mode.READ_WRITE, TAKE_VOID, RScript.ReturnType.LIST,
                                  List.of(entries), String.valueOf(BATCH), String.valueOf(take.cleanUp().clock));
                        }),
                List.of(TAKE_VOID))
            .getResponses();
    // cache -> entry -> the clean-up that took it (the first, when two invalidations took the same entry)
    Map<String, Map<String, CleanUp>> byCache = new HashMap<>();
    for (int i = 0; i < takes.size(); i++) {
      Take take = takes.get(i);
      List<?> members = (List<?>) taken.get(i);
      for (Object member : members) {
        String name = String.valueOf(member);
        int bar = name.indexOf('|');
        byCache.computeIfAbsent(name.substring(0, bar), c -> new HashMap<>())
            .putIfAbsent(name.substring(bar + 1), take.cleanUp());
      }
      if (members.size() >= BATCH) {
        take.cleanUp().pending.add(take.tag());
      }
    }
    byCache.forEach(
        (cache, takenBy) ->
            remove(cache, takenBy.keySet())
                .forEach(entry -> takenBy.get(entry).removed.merge(cache, 1L, Long::sum)));
  }

  /**
   * Removes the taken {@code entries} of {@code cache} that are void, each only while it holds the void value read
   * here: one read of the payloads, one {@code MGET} of their tags' versions and one script of conditional removals. A
   * value stored after the invalidation (a load, a write-through) is current and stays, whether it was stored before
   * this read or between it and the removal. Gives the names of those removed.
   */
  private Set<String> remove(String cache, Set<String> entries) {
    Map<String, String> payloads = caches.cache(cache).getAll(entries);
    return caches.removeUnchanged(cache, VoidEntries.among(cache, payloads, currentVersions));
  }
}
