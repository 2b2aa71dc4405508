package dev.granular.cache.tag;

import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.LuaScript;
import dev.granular.cache.redis.RedisConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RBatch;
import org.redisson.api.RScoredSortedSetAsync;
import org.redisson.client.codec.StringCodec;

/**
 * The sizes of the tag groups (the entries that depend on a tag), for operators: the groups that
 * grew are counted every few seconds into the sorted set {@code cache:tag-groups}, shared by every
 * instance, which keeps the largest {@value #MAX_TAG_GROUPS}; a group that a clean-up emptied
 * leaves it. Nothing on a read's or a write's path waits for it.
 */
final class RedisTagGroupSizes {

  private static final Logger LOG = Logger.getLogger(RedisTagGroupSizes.class.getName());
  private static final String TAG_GROUPS = "cache:tag-groups";
  private static final int MAX_TAG_GROUPS = 1000;
  private static final int MAX_GROWN_TAGS = 10_000;
  private static final LuaScript UNLIST_GROUPS =
      LuaScript.of("for i = 1, #ARGV do redis.call('ZREM', KEYS[1], ARGV[i]) end return 0");

  private final RedisConnection redis;
  // Tags that gained entries since the last report of group sizes; bounded, the largest groups are
  // re-seen anyway.
  private final Set<String> grownTags = ConcurrentHashMap.newKeySet();

  RedisTagGroupSizes(RedisConnection redis) {
    this.redis = redis;
  }

  /**
   * Notes that a tag's group may have changed size, for the next report; bounded, the largest
   * groups are re-seen.
   */
  void grown(String tag) {
    if (grownTags.size() < MAX_GROWN_TAGS) {
      grownTags.add(tag);
    }
  }

  /** The number of entries listed under {@code tag}. */
  long size(String tag) {
    return redis
        .client()
        .getScoredSortedSet(RedisTagRegistry.entriesKey(tag), StringCodec.INSTANCE)
        .size();
  }

  /**
   * After a clean-up of {@code tags}' groups: they are recounted at the next report, or dropped
   * from it.
   */
  void cleanedUp(Set<String> tags) {
    // Entries stored since the invalidation may still be listed: recounted at the next report of
    // group sizes.
    tags.forEach(this::grown);
    Optional<DirectConnections> direct = redis.direct();
    if (direct.isPresent()) {
      // On the clean-up's thread, once a round for all the clean-ups it finished; removing twice
      // removes once.
      redis
          .circuit()
          .run(
              () -> direct.get().repeatable(UNLIST_GROUPS, List.of(TAG_GROUPS), List.copyOf(tags)));
      return;
    }
    // Not waited for: whoever waits for the clean-up needs the entries gone, not the report.
    redis
        .client()
        .<String>getScoredSortedSet(TAG_GROUPS, StringCodec.INSTANCE)
        .removeAllAsync(tags)
        .whenComplete(
            (removed, failure) -> {
              if (failure != null) {
                LOG.log(
                    Level.FINE, "Tag groups " + tags + " still listed in " + TAG_GROUPS, failure);
              }
            });
  }

  /**
   * Records the sizes of the tag groups that grew since the last call in the sorted set {@code
   * cache:tag-groups} (one pipelined round trip), keeping the largest {@value #MAX_TAG_GROUPS}.
   */
  void report() {
    if (grownTags.isEmpty()) {
      return;
    }
    List<String> tags = new ArrayList<>(grownTags);
    grownTags.removeAll(tags);
    RBatch counting = redis.client().createBatch();
    tags.forEach(
        tag ->
            counting
                .getScoredSortedSet(RedisTagRegistry.entriesKey(tag), StringCodec.INSTANCE)
                .sizeAsync());
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
    RBatch update = redis.client().createBatch();
    RScoredSortedSetAsync<String> groups =
        update.<String>getScoredSortedSet(TAG_GROUPS, StringCodec.INSTANCE);
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
  List<TagGroupSize> largest(int limit) {
    return redis
        .client()
        .<String>getScoredSortedSet(TAG_GROUPS, StringCodec.INSTANCE)
        .entryRangeReversed(0, limit - 1)
        .stream()
        .map(e -> new TagGroupSize(e.getValue(), e.getScore().longValue()))
        .toList();
  }
}
