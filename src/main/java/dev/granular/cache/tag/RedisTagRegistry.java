package dev.granular.cache.tag;

import dev.granular.cache.config.Settings;
import dev.granular.cache.near.NearCaches;
import dev.granular.cache.near.NearMessage;
import dev.granular.cache.near.RedisNearChannel;
import dev.granular.cache.redis.CarriedCall;
import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.redis.ScriptBatches;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import dev.granular.cache.tx.AfterCommit;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RBatch;
import org.redisson.api.RScoredSortedSetAsync;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The {@link TagRegistry} on Redis.
 *
 * <ul>
 *   <li>{@code cache:{tags}:clock}: the invalidation clock. Every tick moves it to the server time in microseconds,
 *       or one past its last value if that is ahead: after Redis restarts empty, or a failover promotes a replica
 *       that missed the last ticks, it is still ahead of every reading taken before, so a load that straddles the
 *       outage is refused rather than stored.
 *   <li>{@code cache:{tags}:tag:<tag>}: the tag's version, {@code <clock>:<random>}; a new one on every
 *       invalidation, so a version is never reused, even after the key expired or was evicted. It lives
 *       {@code cache.tags.ttl} (default 1 day) after its last use; an expired version only makes dependent entries
 *       miss.
 *   <li>{@code cache:tag-dependents:{<tag>}}: the entries that depend on the tag ({@code <cache>|<entry>}), a
 *       sorted set scored by the clock of the tag's version each entry was stored with. It serves counting and frees
 *       memory after an invalidation; correctness never relies on it, so losing it to memory pressure is harmless.
 * </ul>
 *
 * <p>On a Redis Cluster the {@code {tags}} hash tag puts the clock and every version in one slot: an invalidation
 * is one atomic script, and the versions an entry depends on are one {@code MGET}, whatever their number. (Every
 * hit reads the versions of its cache and of {@link EntryTags#ALL} anyway, so spreading versions over slots would
 * add commands per hit without taking load off the master that holds those.) The entry sets, which can be large,
 * keep a slot per tag and so spread over the masters.
 *
 * <p>An invalidation is O(1) in Redis whatever the number of dependent entries (one script that ticks the clock and
 * writes one version per tag); the dependents are then deleted in the background in batches
 * ({@link RedisTagCleanUps}), never with {@code KEYS}. Only those stored with a version older than the invalidation
 * are deleted: an entry loaded after it, while the clean-up was still queued, records the new version and is spared;
 * and a deletion compares first, so a value stored over a void one while it was being deleted stays too.
 */
@ApplicationScoped
public class RedisTagRegistry implements TagRegistry {

  private static final Logger LOG = Logger.getLogger(RedisTagRegistry.class.getName());
  /** The hash tag that keeps the clock and the versions in one Redis Cluster slot. */
  private static final String SLOT = "{tags}";
  // a cache's tag and #all: read on every hit, written once
  private static final FewNames PER_CACHE_VERSION_KEYS = new FewNames(RedisTagRegistry::keyOfVersion);
  private static final String CLOCK = "cache:" + SLOT + ":clock";
  private static final int INVALIDATION_RETRIES = 2;
  private static final String TAG_GROUPS = "cache:tag-groups";
  private static final int MAX_TAG_GROUPS = 1000;
  private static final int MAX_GROWN_TAGS = 10_000;

  /**
   * KEYS: the clock, then one version key per tag. ARGV: the TTL (ms), then one random suffix per tag. Ticks the
   * clock (server time in microseconds, or one past its last value if that is ahead: see the class comment), gives
   * every tag the version {@code <clock>:<suffix>} and returns {clock, previous version or false...}.
   */
  private static final String TICK_AND_WRITE_VERSIONS =
      "local t = redis.call('TIME') "
          + "local now = t[1] * 1000000 + t[2] "
          + "local last = tonumber(redis.call('GET', KEYS[1]) or '0') "
          + "if last >= now then now = last + 1 end "
          + "redis.call('SET', KEYS[1], string.format('%d', now)) "
          + "local result = {now} "
          + "for i = 2, #KEYS do "
          + "  result[i] = redis.call('SET', KEYS[i], string.format('%d', now) .. ':' .. ARGV[i], 'PX', ARGV[1], 'GET') "
          + "end ";
  private static final String INVALIDATE = TICK_AND_WRITE_VERSIONS + "return result";

  /**
   * {@link #INVALIDATE}, then publishes the near caches' message in the same script, after the versions are written:
   * ARGV as for it, then the channel and the message. For the direct connections of a single server, which send
   * scripts only; there one call does what a Redisson batch of the script and a {@code PUBLISH} did.
   */
  private static final DirectConnections.Script INVALIDATE_AND_PUBLISH =
      DirectConnections.Script.of(
          TICK_AND_WRITE_VERSIONS + "redis.call('PUBLISH', ARGV[#KEYS + 1], ARGV[#KEYS + 2]) return result");

  private static final DirectConnections.Script READ_CLOCK =
      DirectConnections.Script.of("return redis.call('GET', KEYS[1])");
  // One GET per key rather than MGET with unpack, which Lua's stack limits to a few thousand keys.
  private static final DirectConnections.Script READ_VERSIONS =
      DirectConnections.Script.of(
          "local versions = {} for i = 1, #KEYS do versions[i] = redis.call('GET', KEYS[i]) end return versions");
  private static final DirectConnections.Script UNLIST_GROUPS =
      DirectConnections.Script.of("for i = 1, #ARGV do redis.call('ZREM', KEYS[1], ARGV[i]) end return 0");

  /**
   * KEYS: the dependents of an entry's tags. ARGV: the entry, the TTL (ms), then the clock of each tag's version the
   * entry was stored with, in the order of KEYS. Lists the entry under each clock, unless it is listed under a later
   * one already (a slower store of an older value must not make a newer one look void), and refreshes each set's TTL.
   * Over the direct connections of a single server one call takes every tag; on a Cluster, where each set has a slot
   * of its own, a batch sends one call per tag.
   */
  private static final String ADD_ENTRY =
      """
      for i = 1, #KEYS do
        local listed = redis.call('ZSCORE', KEYS[i], ARGV[1])
        if not listed or tonumber(listed) < tonumber(ARGV[i + 2]) then
          redis.call('ZADD', KEYS[i], ARGV[i + 2], ARGV[1])
        end
        redis.call('PEXPIRE', KEYS[i], ARGV[2])
      end
      return #KEYS
      """;
  private static final DirectConnections.Script ADD_ENTRY_SCRIPT = DirectConnections.Script.of(ADD_ENTRY);

  /**
   * KEYS: the version keys of the tags to read ({@code ARGV[3]} of them), then those of the versions to check. ARGV:
   * the version to give a tag that has none, the TTL (ms), the number of keys to read, then the expected version of
   * each key to check. Gives {0} when a checked version is no longer the expected one (and then writes nothing),
   * else {1, version of each read key...}; a read key's TTL is refreshed, an absent one created. Every key is in the
   * {tags} slot, so one script serves any number of tags, on a Cluster too: one command, one round trip.
   */
  private static final String VERSIONS_SINCE =
      """
      local n = tonumber(ARGV[3])
      for j = n + 1, #KEYS do
        if redis.call('GET', KEYS[j]) ~= ARGV[3 + j - n] then return {0} end
      end
      local result = {1}
      for i = 1, n do
        local v = redis.call('GET', KEYS[i])
        if v then redis.call('PEXPIRE', KEYS[i], ARGV[2])
        else v = ARGV[1] redis.call('SET', KEYS[i], v, 'PX', ARGV[2]) end
        result[i + 1] = v
      end
      return result
      """;
  private static final DirectConnections.Script VERSIONS_SINCE_SCRIPT = DirectConnections.Script.of(VERSIONS_SINCE);

  private RedisConnection redis;
  private RedisCacheManager caches;
  private CacheStatisticsRegistry statistics;
  private NearCaches near;
  private RedisTagCleanUps cleanUps;
  private long tagTtlMillis;
  // Tags that gained entries since the last report of group sizes; bounded, the largest groups are re-seen anyway.
  private final Set<String> grownTags = ConcurrentHashMap.newKeySet();

  protected RedisTagRegistry() {}

  @Inject
  public RedisTagRegistry(
      RedisConnection redis, RedisCacheManager caches, CacheStatisticsRegistry statistics, NearCaches near) {
    this.redis = redis;
    this.caches = caches;
    this.statistics = statistics;
    this.near = near;
    this.tagTtlMillis = Settings.getDuration("cache.tags.ttl", Duration.ofDays(1)).toMillis();
    this.cleanUps = new RedisTagCleanUps(redis, caches, statistics, this::readCurrentVersions, this::cleanedUp);
    // Invalidations may have failed during the outage, and commands that timed out may still have run when Redis
    // came back: void everything before the cache is used again.
    redis.circuit().onRecovery(() -> invalidateDirectly(Set.of(EntryTags.ALL)));
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
   * The Redis key of the sorted set of entries that depend on a tag; braces give every tag's set a slot of its own.
   * (Until 2026-12 it was a plain set named {@code cache:tag-entries:{<tag>}}; a new name, so an instance of an older
   * release sharing the Redis never meets the other type. The old sets expire with {@code cache.tags.ttl}.)
   */
  public static String entriesKey(String tag) {
    return "cache:tag-dependents:{" + TagNames.escape(tag) + "}";
  }

  @Override
  public long clock() {
    return redis.circuit().call(this::readClock);
  }

  private long readClock() {
    Optional<DirectConnections> direct = redis.direct();
    if (direct.isEmpty()) {
      return client().getAtomicLong(CLOCK).get();
    }
    Object clock = direct.get().read(READ_CLOCK, List.of(CLOCK), List.of());
    return clock == null ? 0 : Long.parseLong((String) clock);
  }

  @Override
  public Optional<Map<String, String>> versionsSince(Collection<String> tags, long clock) {
    return redis.circuit().call(() -> readVersionsSince(tags, clock, Map.of()));
  }

  @Override
  public Optional<Map<String, String>> versionsSinceWhileCurrent(
      Collection<String> tags, long clock, Map<String, String> expected) {
    return redis.circuit().call(() -> readVersionsSince(tags, clock, expected));
  }

  private Optional<Map<String, String>> readVersionsSince(
      Collection<String> tags, long clock, Map<String, String> expected) {
    if (tags.isEmpty() && expected.isEmpty()) {
      return Optional.of(Map.of());
    }
    List<String> ordered = new ArrayList<>(tags);
    List<Object> keys = new ArrayList<>(ordered.size() + expected.size());
    List<Object> arguments = new ArrayList<>(3 + expected.size());
    arguments.add(clock + ":" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));
    arguments.add(String.valueOf(tagTtlMillis));
    arguments.add(String.valueOf(ordered.size()));
    ordered.forEach(tag -> keys.add(versionKey(tag)));
    expected.forEach(
        (tag, version) -> {
          keys.add(versionKey(tag));
          arguments.add(version);
        });
    Optional<DirectConnections> direct = redis.direct();
    // Running it twice gives what running it once gives: a missing version is created with the value it is given.
    List<?> reply = direct.isPresent()
        ? (List<?>) direct.get().repeatable(VERSIONS_SINCE_SCRIPT, strings(keys), strings(arguments))
        : client()
            .getScript(StringCodec.INSTANCE)
            .eval(CLOCK, RScript.Mode.READ_WRITE, VERSIONS_SINCE, RScript.ReturnType.LIST, keys, arguments.toArray());
    if (((Number) reply.get(0)).longValue() == 0) {
      return Optional.empty(); // a checked version changed: someone else invalidated it
    }
    Map<String, String> versions = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      String version = String.valueOf(reply.get(i + 1));
      if (Invalidation.clockOf(version) > clock) {
        return Optional.empty(); // invalidated while the value was being loaded
      }
      versions.put(ordered.get(i), version);
    }
    return Optional.of(versions);
  }

  @Override
  public boolean isCurrent(Map<String, String> versions) {
    return redis.circuit().read(() -> readIsCurrent(versions));
  }

  @Override
  public Map<String, String> currentVersions(Collection<String> tags) {
    return redis.circuit().read(() -> readCurrentVersions(tags));
  }

  @Override
  public <T> ReadAlong<T> readAlong(Supplier<? extends CompletionStage<T>> read, Collection<String> tags) {
    return redis.circuit()
        .read(
            () -> {
              CompletableFuture<T> value = read.get().toCompletableFuture();
              Map<String, String> versions = readCurrentVersions(tags);
              try {
                return new ReadAlong<>(value.join(), versions);
              } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
              }
            });
  }

  private Map<String, String> readCurrentVersions(Collection<String> tags) {
    if (tags.isEmpty()) {
      return Map.of();
    }
    String[] keys = new String[tags.size()];
    Map<String, String> tagsByKey = new HashMap<>();
    int i = 0;
    for (String tag : tags) {
      keys[i] = versionKey(tag);
      tagsByKey.put(keys[i++], tag);
    }
    Map<String, String> versions = new HashMap<>();
    Optional<DirectConnections> direct = redis.direct();
    if (direct.isPresent()) {
      List<?> current = (List<?>) direct.get().read(READ_VERSIONS, List.of(keys), List.of());
      for (int k = 0; k < keys.length && k < current.size(); k++) {
        if (current.get(k) != null) {
          versions.put(tagsByKey.get(keys[k]), current.get(k).toString());
        }
      }
      return versions;
    }
    Map<String, Object> current = client().getBuckets(StringCodec.INSTANCE).get(keys);
    current.forEach((key, version) -> versions.put(tagsByKey.get(key), String.valueOf(version)));
    return versions;
  }

  private boolean readIsCurrent(Map<String, String> versions) {
    // Every tag present with the recorded version: an absent one is left out of the current versions.
    return versions.isEmpty() || versions.equals(readCurrentVersions(versions.keySet()));
  }

  /**
   * Invalidates through the circuit breaker, and insists when that fails: this instance's calls may time out, or its
   * circuit be open, while other instances read Redis just fine, and they would serve the old value if this
   * invalidation were lost. So it is tried {@value #INVALIDATION_RETRIES} more times straight against Redis, even
   * with the circuit open. Only if those fail too the circuit opens (or stays open), so recovery voids everything
   * before this instance reads the cache again, and the failure is thrown.
   */
  @Override
  public Invalidation invalidate(Collection<String> tags) {
    RuntimeException failure;
    try {
      return redis.circuit().call(() -> invalidateDirectly(tags));
    } catch (RuntimeException e) {
      failure = e;
    }
    for (int attempt = 1; attempt <= INVALIDATION_RETRIES; attempt++) {
      try {
        Thread.sleep(25L * attempt);
        Invalidation done = invalidateDirectly(tags);
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

  private Invalidation invalidateDirectly(Collection<String> tags) {
    if (tags.isEmpty()) {
      return Invalidation.none();
    }
    List<String> ordered = new ArrayList<>(tags);
    List<Object> keys = new ArrayList<>(ordered.size() + 1);
    keys.add(CLOCK);
    List<Object> arguments = new ArrayList<>(ordered.size() + 1);
    arguments.add(String.valueOf(tagTtlMillis));
    for (String tag : ordered) {
      keys.add(versionKey(tag));
      arguments.add(Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));
    }
    List<?> reply;
    try {
      reply = writeVersions(ordered, keys, arguments.toArray());
    } finally {
      if (near != null) {
        near.invalidated(ordered);
      }
    }
    long now = ((Number) reply.get(0)).longValue();
    Map<String, String> previous = new HashMap<>();
    Map<String, String> written = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      Object replaced = i + 1 < reply.size() ? reply.get(i + 1) : null;
      if (replaced != null) {
        previous.put(ordered.get(i), String.valueOf(replaced));
      }
      written.put(ordered.get(i), now + ":" + arguments.get(i + 1));
    }
    Set<String> invalidated = new HashSet<>(tags);
    long committedAt = AfterCommit.committedAtNanos(System.nanoTime());
    return new Invalidation(now, previous, written, cleanUps.start(invalidated, now, committedAt));
  }

  /**
   * Runs the invalidation script and tells every instance's near caches. On one server both go in one round trip,
   * in order. On a Cluster the message's channel may live on another master, and a batch runs its nodes' commands
   * concurrently: an instance could then hear the message, drop its near copy and reload the old version before the
   * new one is written. So there the message waits for the script.
   */
  private List<?> writeVersions(List<String> tags, List<Object> keys, Object[] arguments) {
    Optional<DirectConnections> direct = redis.direct();
    if (direct.isPresent()) {
      // Run twice (a dead pooled connection took nothing to Redis, but a lost reply may hide a run), it voids the tags
      // once more, and the versions it read as replaced are the first run's, whose clocks are later than any reading
      // taken before: a write-through then stores nothing, as after a racing writer.
      List<String> all = strings(Arrays.asList(arguments));
      all.add(RedisNearChannel.CHANNEL);
      all.add(NearMessage.encode(tags));
      return (List<?>) direct.get().repeatable(INVALIDATE_AND_PUBLISH, strings(keys), all);
    }
    if (client().getConfig().isClusterConfig()) {
      List<?> reply =
          client()
              .getScript(StringCodec.INSTANCE)
              .eval(CLOCK, RScript.Mode.READ_WRITE, INVALIDATE, RScript.ReturnType.LIST, keys, arguments);
      RBatch publish = client().createBatch();
      RedisNearChannel.publishIn(publish, tags);
      publish.execute();
      return reply;
    }
    // Sent again after a NOSCRIPT, the message is heard twice: a near copy is dropped once more, nothing else.
    return (List<?>)
        ScriptBatches.execute(
                client(),
                batch -> {
                  batch
                      .getScript(StringCodec.INSTANCE)
                      .evalAsync(CLOCK, RScript.Mode.READ_WRITE, INVALIDATE, RScript.ReturnType.LIST, keys, arguments);
                  RedisNearChannel.publishIn(batch, tags);
                },
                List.of(INVALIDATE))
            .getResponses()
            .get(0);
  }

  @Override
  public void track(Map<String, String> versions, String cacheName, String entryName) {
    if (versions.isEmpty()) {
      return;
    }
    redis.circuit().run(() -> trackDirectly(versions, cacheName, entryName));
  }

  /**
   * On a single server the listing is carried by this thread's next direct call ({@link DirectConnections#carry}):
   * the store of the entry, whose script Redis runs right after it, in the same round trip. Listed a moment before it
   * is stored, the entry is found by a clean-up that runs in between only if that clean-up's invalidation voids it
   * anyway (it takes entries listed under older versions).
   */
  @Override
  public Runnable trackWithNextCall(Map<String, String> versions, String cacheName, String entryName) {
    Optional<DirectConnections> direct = redis.direct();
    if (versions.isEmpty() || direct.isEmpty()) {
      return TagRegistry.super.trackWithNextCall(versions, cacheName, entryName);
    }
    List<String> keys = new ArrayList<>(versions.size());
    List<String> arguments = listing(versions, cacheName, entryName, keys);
    CarriedCall listing = direct.get().carry(ADD_ENTRY_SCRIPT, keys, arguments);
    return () -> {
      if (listing.withdraw()) { // the store went another way, or failed before its write: the same call on its own
        redis.circuit().run(() -> direct.get().repeatable(ADD_ENTRY_SCRIPT, keys, arguments));
      } else {
        listing.await(); // its outcome; a failure here is the store's too, which the circuit has counted
      }
    };
  }

  private void trackDirectly(Map<String, String> versions, String cacheName, String entryName) {
    Optional<DirectConnections> direct = redis.direct();
    if (direct.isPresent()) {
      List<String> keys = new ArrayList<>(versions.size());
      List<String> arguments = listing(versions, cacheName, entryName, keys);
      direct.get().repeatable(ADD_ENTRY_SCRIPT, keys, arguments); // listing an entry twice lists it once
      return;
    }
    String member = TagRegistry.dependent(cacheName, entryName);
    versions.keySet().forEach(this::grown);
    ScriptBatches.execute(
        client(),
        batch ->
            versions.forEach(
                (tag, version) ->
                    batch
                        .getScript(StringCodec.INSTANCE)
                        .evalAsync(
                            entriesKey(tag), RScript.Mode.READ_WRITE, ADD_ENTRY, RScript.ReturnType.LONG,
                            List.of(entriesKey(tag)), member, String.valueOf(tagTtlMillis),
                            String.valueOf(listedClock(version)))),
        List.of(ADD_ENTRY)); // listing an entry twice lists it once
  }

  /** The ADD_ENTRY arguments listing an entry under the tags of {@code versions}, whose keys go to {@code keys}. */
  private List<String> listing(
      Map<String, String> versions, String cacheName, String entryName, List<String> keys) {
    List<String> arguments = new ArrayList<>(versions.size() + 2);
    arguments.add(TagRegistry.dependent(cacheName, entryName));
    arguments.add(String.valueOf(tagTtlMillis));
    versions.forEach(
        (tag, version) -> {
          grown(tag);
          keys.add(entriesKey(tag));
          arguments.add(String.valueOf(listedClock(version)));
        });
    return arguments;
  }

  /** Notes that a tag's group may have changed size, for the next report; bounded, the largest groups are re-seen. */
  private void grown(String tag) {
    if (grownTags.size() < MAX_GROWN_TAGS) {
      grownTags.add(tag);
    }
  }

  /** The score an entry stored with {@code version} is listed under; an unreadable version lists it as void. */
  private static long listedClock(String version) {
    long clock = Invalidation.clockOf(version);
    return clock == Long.MAX_VALUE ? 0 : clock;
  }

  @Override
  public long dependents(String tag) {
    return redis.circuit().call(() -> (long) client().getScoredSortedSet(entriesKey(tag), StringCodec.INSTANCE).size());
  }

  /** After a clean-up of {@code tags}' groups: they are recounted at the next report, or dropped from it. */
  private void cleanedUp(Set<String> tags) {
    // Entries stored since the invalidation may still be listed: recounted at the next report of group sizes.
    tags.forEach(this::grown);
    Optional<DirectConnections> direct = redis.direct();
    if (direct.isPresent()) {
      // On the clean-up's thread, once a round for all the clean-ups it finished; removing twice removes once.
      redis.circuit().run(() -> direct.get().repeatable(UNLIST_GROUPS, List.of(TAG_GROUPS), List.copyOf(tags)));
      return;
    }
    // Not waited for: whoever waits for the clean-up needs the entries gone, not the report.
    client().<String>getScoredSortedSet(TAG_GROUPS, StringCodec.INSTANCE).removeAllAsync(tags)
        .whenComplete((removed, failure) -> {
          if (failure != null) {
            LOG.log(Level.FINE, "Tag groups " + tags + " still listed in " + TAG_GROUPS, failure);
          }
        });
  }

  /**
   * Records the sizes of the tag groups that grew since the last call in the sorted set {@code cache:tag-groups}
   * (one pipelined round trip), keeping the largest {@value #MAX_TAG_GROUPS}. Called by the statistics reporter every
   * few seconds, so a store never pays for it.
   */
  public void reportGroupSizes() {
    if (grownTags.isEmpty()) {
      return;
    }
    List<String> tags = new ArrayList<>(grownTags);
    grownTags.removeAll(tags);
    RBatch counting = client().createBatch();
    tags.forEach(tag -> counting.getScoredSortedSet(entriesKey(tag), StringCodec.INSTANCE).sizeAsync());
    List<?> counts = counting.execute().getResponses();
    Map<String, Double> sizes = new HashMap<>();
    List<String> empty = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      int size = ((Number) counts.get(i)).intValue();
      if (size > 0) {
        sizes.put(tags.get(i), (double) size);
      } else {
        empty.add(tags.get(i));
      }
    }
    // one ZADD and one ZREM for all of them: a report after a busy while names thousands of tags
    RBatch update = client().createBatch();
    RScoredSortedSetAsync<String> groups = update.<String>getScoredSortedSet(TAG_GROUPS, StringCodec.INSTANCE);
    if (!sizes.isEmpty()) {
      groups.addAllAsync(sizes);
    }
    if (!empty.isEmpty()) {
      groups.removeAllAsync(empty);
    }
    groups.removeRangeByRankAsync(0, -MAX_TAG_GROUPS - 1);
    update.execute();
  }

  /** The largest tag groups as last reported by any instance, largest first. */
  public List<TagGroupSize> largestGroups(int limit) {
    return redis
        .circuit()
        .call(
            () ->
                client().<String>getScoredSortedSet(TAG_GROUPS, StringCodec.INSTANCE)
                    .entryRangeReversed(0, limit - 1)
                    .stream()
                    .map(e -> new TagGroupSize(e.getValue(), e.getScore().longValue()))
                    .toList());
  }


  private RedissonClient client() {
    return redis.client();
  }

  private static List<String> strings(List<Object> values) {
    List<String> strings = new ArrayList<>(values.size());
    values.forEach(value -> strings.add((String) value));
    return strings;
  }

  @PreDestroy
  void stop() {
    cleanUps.stop();
  }
}
