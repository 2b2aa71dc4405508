package dev.granular.cache.tag;

import dev.granular.cache.config.Settings;
import dev.granular.cache.near.NearCaches;
import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The {@link TagRegistry} on Redis.
 *
 * <ul>
 *   <li>{@code cache:{tags}:clock}: the invalidation clock. Every tick moves it to the server time
 *       in microseconds, or one past its last value if that is ahead: after Redis restarts empty,
 *       or a failover promotes a replica that missed the last ticks, it is still ahead of every
 *       reading taken before, so a load that straddles the outage is refused rather than stored.
 *   <li>{@code cache:{tags}:tag:<tag>}: the tag's version, {@code <clock>:<random>}; a new one on
 *       every invalidation, so a version is never reused, even after the key expired or was
 *       evicted. It lives {@code cache.tags.ttl} (default 1 day) after its last use; an expired
 *       version only makes dependent entries miss.
 *   <li>{@code cache:tag-dependents:{<tag>}}: the entries that depend on the tag ({@code
 *       <cache>|<entry>}), a sorted set scored by the clock of the tag's version each entry was
 *       stored with. It serves counting and frees memory after an invalidation; correctness never
 *       relies on it, so losing it to memory pressure is harmless.
 * </ul>
 *
 * <p>On a Redis Cluster the {@code {tags}} hash tag puts the clock and every version in one slot:
 * an invalidation is one atomic script, and the versions an entry depends on are one {@code MGET},
 * whatever their number. (Every hit reads the versions of its cache and of {@link EntryTags#ALL}
 * anyway, so spreading versions over slots would add commands per hit without taking load off the
 * master that holds those.) The entry sets, which can be large, keep a slot per tag and so spread
 * over the masters.
 *
 * <p>An invalidation is O(1) in Redis whatever the number of dependent entries (one script that
 * ticks the clock and writes one version per tag); the dependents are then deleted in the
 * background in batches ({@link RedisTagCleanUps}), never with {@code KEYS}. Only those stored with
 * a version older than the invalidation are deleted: an entry loaded after it, while the clean-up
 * was still queued, records the new version and is spared; and a deletion compares first, so a
 * value stored over a void one while it was being deleted stays too.
 */
@ApplicationScoped
public class RedisTagRegistry implements TagRegistry {

  private static final Logger LOG = Logger.getLogger(RedisTagRegistry.class.getName());

  /** The hash tag that keeps the clock and the versions in one Redis Cluster slot. */
  private static final String SLOT = "{tags}";

  // a cache's tag and #all: read on every hit, written once
  private static final FewNames PER_CACHE_VERSION_KEYS =
      new FewNames(RedisTagRegistry::keyOfVersion);
  static final String CLOCK = "cache:" + SLOT + ":clock";
  private static final int INVALIDATION_RETRIES = 2;

  private RedisConnection redis;
  private NearCaches near;
  private RedisTagCleanUps cleanUps;
  private long tagTtlMillis;
  private RedisTagVersionReads reads;
  private RedisTagGroupSizes groups;
  private RedisTagListings listings;
  private RedisTagVersionWrites writes;

  protected RedisTagRegistry() {}

  @Inject
  public RedisTagRegistry(
      RedisConnection redis,
      RedisCacheManager caches,
      CacheStatisticsRegistry statistics,
      NearCaches near) {
    this.redis = redis;
    this.near = near;
    this.tagTtlMillis = Settings.getDuration("cache.tags.ttl", Duration.ofDays(1)).toMillis();
    this.reads = new RedisTagVersionReads(redis, tagTtlMillis);
    this.groups = new RedisTagGroupSizes(redis);
    this.listings = new RedisTagListings(redis, tagTtlMillis, groups);
    this.cleanUps =
        new RedisTagCleanUps(redis, caches, statistics, reads::current, groups::cleanedUp);
    this.writes = new RedisTagVersionWrites(redis, near, cleanUps, tagTtlMillis);
    // Invalidations may have failed during the outage, and commands that timed out may still have
    // run when Redis came back: void everything before the cache is used again.
    redis.circuit().onRecovery(() -> writes.invalidate(Set.of(EntryTags.ALL)));
  }

  /** The Redis key of a tag's version, in the one Cluster slot of all versions and the clock. */
  public static String versionKey(String tag) {
    return EntryTags.isPerCache(tag) ? PER_CACHE_VERSION_KEYS.of(tag) : keyOfVersion(tag);
  }

  private static String keyOfVersion(String tag) {
    return "cache:" + SLOT + ":tag:" + TagNames.escape(tag);
  }

  @Override
  public String versionKeyOf(String tag) {
    return versionKey(tag);
  }

  /**
   * The Redis key of the sorted set of entries that depend on a tag; braces give every tag's set a
   * slot of its own. (Until 2026-12 it was a plain set named {@code cache:tag-entries:{<tag>}}; a
   * new name, so an instance of an older release sharing the Redis never meets the other type. The
   * old sets expire with {@code cache.tags.ttl}.)
   */
  public static String entriesKey(String tag) {
    return "cache:tag-dependents:{" + TagNames.escape(tag) + "}";
  }

  @Override
  public long clock() {
    return redis.circuit().call(reads::clock);
  }

  @Override
  public Optional<Map<String, String>> versionsSince(Collection<String> tags, long clock) {
    return redis.circuit().call(() -> reads.since(tags, clock, Map.of()));
  }

  @Override
  public Optional<Map<String, String>> versionsSinceWhileCurrent(
      Collection<String> tags, long clock, Map<String, String> expected) {
    return redis.circuit().call(() -> reads.since(tags, clock, expected));
  }

  @Override
  public boolean isCurrent(Map<String, String> versions) {
    return redis.circuit().read(() -> reads.isCurrent(versions));
  }

  @Override
  public Map<String, String> currentVersions(Collection<String> tags) {
    return redis.circuit().read(() -> reads.current(tags));
  }

  @Override
  public <T> ReadAlong<T> readAlong(
      Supplier<? extends CompletionStage<T>> read, Collection<String> tags) {
    return redis
        .circuit()
        .read(
            () -> {
              CompletableFuture<T> value = read.get().toCompletableFuture();
              Map<String, String> versions = reads.current(tags);
              try {
                return new ReadAlong<>(value.join(), versions);
              } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
              }
            });
  }

  /**
   * Invalidates through the circuit breaker, and insists when that fails: this instance's calls may
   * time out, or its circuit be open, while other instances read Redis just fine, and they would
   * serve the old value if this invalidation were lost. So it is tried {@value
   * #INVALIDATION_RETRIES} more times straight against Redis, even with the circuit open. Only if
   * those fail too the circuit opens (or stays open), so recovery voids everything before this
   * instance reads the cache again, and the failure is thrown.
   */
  @Override
  public Invalidation invalidate(Collection<String> tags) {
    RuntimeException failure;
    try {
      return redis.circuit().call(() -> writes.invalidate(tags));
    } catch (RuntimeException e) {
      failure = e;
    }
    for (int attempt = 1; attempt <= INVALIDATION_RETRIES; attempt++) {
      try {
        Thread.sleep(25L * attempt);
        Invalidation done = writes.invalidate(tags);
        LOG.warning(() -> "Invalidation of " + tags + " succeeded on a retry after: " + failure);
        return done;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    redis.circuit().openNow(failure);
    throw failure;
  }

  @Override
  public void track(Map<String, String> versions, String cacheName, String entryName) {
    if (versions.isEmpty()) {
      return;
    }
    redis.circuit().run(() -> listings.track(versions, cacheName, entryName));
  }

  /**
   * On a single server the listing is carried by this thread's next direct call ({@link
   * DirectConnections#carry}): the store of the entry, whose script Redis runs right after it, in
   * the same round trip. Listed a moment before it is stored, the entry is found by a clean-up that
   * runs in between only if that clean-up's invalidation voids it anyway (it takes entries listed
   * under older versions).
   */
  @Override
  public Runnable trackWithNextCall(
      Map<String, String> versions, String cacheName, String entryName) {
    return listings
        .withNextCall(versions, cacheName, entryName)
        .orElseGet(() -> TagRegistry.super.trackWithNextCall(versions, cacheName, entryName));
  }

  /**
   * Holds the background clean-up of invalidated entries until the hold is closed: clean-ups queued
   * meanwhile wait (a round under way ends first), so void entries stay in Redis, void, as they do
   * on a busy instance. Reads, stores and invalidations go on as ever: this only delays freeing
   * memory. For tests that need a clean-up to run after a given step (an entry stored between the
   * invalidation and its clean-up), and for looking at what a clean-up will take ({@code
   * cache:tag-dependents:{<tag>}}); a hold never closed leaves void entries to their expiry.
   */
  public CleanUpHold holdCleanUps() {
    return cleanUps.hold();
  }

  @Override
  public long dependents(String tag) {
    return redis.circuit().call(() -> groups.size(tag));
  }

  /**
   * Records the sizes of the tag groups that grew since the last call in the sorted set {@code
   * cache:tag-groups}, keeping the largest ({@link RedisTagGroupSizes}). Called by the statistics
   * reporter every few seconds, so a store never pays for it.
   */
  public void reportGroupSizes() {
    groups.report();
  }

  /** The largest tag groups as last reported by any instance, largest first. */
  public List<TagGroupSize> largestGroups(int limit) {
    return redis.circuit().call(() -> groups.largest(limit));
  }

  static List<String> strings(List<Object> values) {
    List<String> strings = new ArrayList<>(values.size());
    values.forEach(value -> strings.add((String) value));
    return strings;
  }

  @PreDestroy
  void stop() {
    cleanUps.stop();
  }
}
