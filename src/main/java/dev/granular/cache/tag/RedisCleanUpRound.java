package dev.granular.cache.tag;

import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.cache.redis.RedisConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Redis work of one round of {@link RedisTagCleanUps}: one call that takes up to {@value
 * #BATCH} void dependents of every tag still to do ({@link RedisVoidTakes}), then, per cache, a
 * read of the taken entries, a read of their tags' versions and one script of conditional removals
 * ({@link #remove}). Only the clean-up thread runs it.
 */
final class RedisCleanUpRound {

  // Small batches keep each removal script (which touches the hash and the expiry set per entry) to
  // a few milliseconds of Redis time.
  static final int BATCH = 100;

  private final RedisConnection redis;
  private final RedisCacheManager caches;
  private final Function<Set<String>, Map<String, String>> currentVersions;

  /**
   * @param currentVersions reads the current versions of a set of tags at once (an absent tag left
   *     out)
   */
  RedisCleanUpRound(
      RedisConnection redis,
      RedisCacheManager caches,
      Function<Set<String>, Map<String, String>> currentVersions) {
    this.redis = redis;
    this.caches = caches;
    this.currentVersions = currentVersions;
  }

  /**
   * A take of one round: up to {@value #BATCH} void dependents of {@code tag} for {@code cleanUp}.
   */
  private record Take(TagCleanUp cleanUp, String tag) {}

  /**
   * One round of the clean-ups {@code together}: every take in one call, then per cache one removal
   * of the entries taken (and of those a failed round left held: a clean-up holding some takes
   * nothing more until they are freed). Leaves in each clean-up's {@code pending} the tags that
   * gave a full batch and may have more; a cache's entries stay held until their removal is done. A
   * Redis failure is thrown, what was taken so far kept.
   */
  void run(List<TagCleanUp> together) {
    List<Take> takes = new ArrayList<>();
    for (TagCleanUp cleanUp : together) {
      if (cleanUp.held.isEmpty()) {
        cleanUp.pending.forEach(tag -> takes.add(new Take(cleanUp, tag)));
      }
    }
    if (!takes.isEmpty()) {
      List<String> tags = new ArrayList<>(takes.size());
      List<Long> clocks = new ArrayList<>(takes.size());
      takes.forEach(
          take -> {
            tags.add(take.tag());
            clocks.add(take.cleanUp().clock);
          });
      // Through the circuit, as the reads and removals below: while Redis is known to be away, a
      // round fails at once.
      List<?> taken = redis.circuit().call(() -> RedisVoidTakes.take(redis, tags, clocks, BATCH));
      takes.forEach(take -> take.cleanUp().pending = new ArrayList<>());
      for (int i = 0; i < takes.size(); i++) {
        Take take = takes.get(i);
        List<?> members = (List<?>) taken.get(i);
        for (Object member : members) {
          String name = String.valueOf(member);
          int bar = name.indexOf('|');
          String cache = name.substring(0, bar);
          take.cleanUp()
              .held
              .computeIfAbsent(cache, c -> new HashSet<>())
              .add(name.substring(bar + 1));
        }
        if (members.size() >= BATCH) {
          take.cleanUp().pending.add(take.tag());
        }
      }
    }
    // cache -> entry -> the clean-up that took it (the first, when two invalidations took the same
    // entry)
    Map<String, Map<String, TagCleanUp>> byCache = new HashMap<>();
    for (TagCleanUp cleanUp : together) {
      cleanUp.held.forEach(
          (cache, entries) ->
              entries.forEach(
                  entry ->
                      byCache
                          .computeIfAbsent(cache, c -> new HashMap<>())
                          .putIfAbsent(entry, cleanUp)));
    }
    byCache.forEach(
        (cache, takenBy) -> {
          remove(cache, takenBy.keySet())
              .forEach(entry -> takenBy.get(entry).removed.merge(cache, 1L, Long::sum));
          together.forEach(cleanUp -> cleanUp.held.remove(cache));
        });
  }

  /**
   * Removes the taken {@code entries} of {@code cache} that are void, each only while it holds the
   * void value read here: one read of the payloads, one {@code MGET} of their tags' versions and
   * one script of conditional removals. A value stored after the invalidation (a load, a
   * write-through) is current and stays, whether it was stored before this read or between it and
   * the removal. Gives the names of those removed.
   */
  private Set<String> remove(String cache, Set<String> entries) {
    Map<String, String> payloads = caches.peekAll(cache, entries);
    return caches.removeUnchanged(cache, VoidEntries.among(cache, payloads, currentVersions));
  }
}
