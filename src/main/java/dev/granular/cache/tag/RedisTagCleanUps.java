package dev.granular.cache.tag;

import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RBatch;
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
 * <p>One thread per instance takes the invalidations' rounds in turn: after a round, a clean-up with more to do goes
 * to the back of the queue. So the clean-up of a small group invalidated while a large one is being freed waits for
 * one round of it, not for all of them.
 */
final class RedisTagCleanUps {

  private static final Logger LOG = Logger.getLogger(RedisTagCleanUps.class.getName());
  // Small batches keep each removal script (which touches the hash and the expiry set per entry) to a few
  // milliseconds of Redis time.
  private static final int BATCH = 100;

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
      Executors.newSingleThreadExecutor(
          r -> {
            Thread cleanup = new Thread(r, "cache-tag-cleanup");
            cleanup.setDaemon(true);
            return cleanup;
          });
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
    thread.execute(cleanUp);
    return cleanUp.done;
  }

  void stop() {
    thread.shutdown();
  }

  /** One invalidation's clean-up: a round each time it runs, queued again while there is more to do. */
  private final class CleanUp implements Runnable {

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

    @Override
    public void run() {
      try {
        pending = round(pending, clock, removed);
        if (!pending.isEmpty()) {
          thread.execute(this);
          return;
        }
      } catch (RuntimeException e) { // a RejectedExecutionException too: the application is stopping
        LOG.log(Level.WARNING, "Could not free the entries of tags " + tags + " (they are void already)", e);
      }
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

  /** One round; gives the tags that may have more void dependents. */
  private List<String> round(List<String> tags, long clock, Map<String, Long> removed) {
    RBatch batch = client.get().createBatch();
    for (String tag : tags) {
      String entries = RedisTagRegistry.entriesKey(tag);
      batch
          .getScript(StringCodec.INSTANCE)
          .evalAsync(
              entries, RScript.Mode.READ_WRITE, TAKE_VOID, RScript.ReturnType.LIST,
              List.of(entries), String.valueOf(BATCH), String.valueOf(clock));
    }
    List<?> taken = batch.execute().getResponses();
    Map<String, Set<String>> byCache = new HashMap<>();
    List<String> more = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      List<?> members = (List<?>) taken.get(i);
      members.forEach(member -> addMember(byCache, String.valueOf(member)));
      if (members.size() >= BATCH) {
        more.add(tags.get(i));
      }
    }
    byCache.forEach((cache, entries) -> removed.merge(cache, remove(cache, entries), Long::sum));
    return more;
  }

  private static void addMember(Map<String, Set<String>> byCache, String member) {
    int bar = member.indexOf('|');
    byCache.computeIfAbsent(member.substring(0, bar), c -> new HashSet<>()).add(member.substring(bar + 1));
  }

  /**
   * Removes the taken {@code entries} of {@code cache} that are void, each only while it holds the void value read
   * here: one read of the payloads, one {@code MGET} of their tags' versions and one script of conditional removals. A
   * value stored after the invalidation (a load, a write-through) is current and stays, whether it was stored before
   * this read or between it and the removal. Gives how many were removed.
   */
  private long remove(String cache, Set<String> entries) {
    Map<String, String> payloads = caches.cache(cache).getAll(entries);
    return caches.removeUnchanged(cache, VoidEntries.among(cache, payloads, currentVersions));
  }
}
