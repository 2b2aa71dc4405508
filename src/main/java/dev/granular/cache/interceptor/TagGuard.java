package dev.granular.cache.interceptor;

import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.cache.tag.TaggedValue;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.cache.annotation.CacheResult;

/**
 * The tag side of {@code @CacheResult} for a method with {@code @CacheTags}: reads the invalidation clock before the
 * load, stores the result with its tags' versions only if none was invalidated meanwhile, and serves a stored value
 * only while its versions are current. Any Redis failure here counts as "not valid": a miss, never a stale hit.
 */
final class TagGuard {

  private final TagRegistry registry;
  private final CacheOperation<CacheResult> operation;
  private final CacheCounters counters;

  TagGuard(TagRegistry registry, CacheOperation<CacheResult> operation, CacheCounters counters) {
    this.registry = registry;
    this.operation = operation;
    this.counters = counters;
  }

  /** The value to serve for what the cache returned, or null when it is absent or void. */
  Object valid(Object cached) {
    if (!(cached instanceof TaggedValue tagged)) {
      return operation.tags().isEmpty() ? cached : null;
    }
    Boolean current =
        FailOpen.get(operation.getCacheName(), counters, () -> registry.isCurrent(tagged.versions()));
    if (Boolean.TRUE.equals(current)) {
      return tagged.value();
    }
    counters.staleRead();
    return null;
  }

  /** The clock reading to take before loading, or -1 when the method has no tags or Redis cannot say. */
  long beforeLoad() {
    if (operation.tags().isEmpty()) {
      return 0;
    }
    Long clock = FailOpen.get(operation.getCacheName(), counters, registry::clock);
    return clock == null ? -1 : clock;
  }

  /** What to store for a loaded value: itself, with its tags' versions, or null when it must not be stored. */
  Object toStore(Object[] arguments, Object value, long clock) {
    if (value == null || operation.tags().isEmpty()) {
      return value;
    }
    if (clock < 0) {
      return null;
    }
    Set<String> tags = operation.tagsOf(arguments, value instanceof dev.granular.cache.NullValue ? null : value);
    Optional<Map<String, String>> versions =
        FailOpen.get(operation.getCacheName(), counters, () -> registry.versionsSince(tags, clock));
    if (versions == null || versions.isEmpty()) {
      counters.refused();
      return null;
    }
    return new TaggedValue(versions.get(), value);
  }

  /** Records the stored entry under its tags, for counting and clean-up. */
  void track(TaggedValue stored, String entryName) {
    FailOpen.run(
        operation.getCacheName(),
        counters,
        () -> registry.track(stored.versions().keySet(), operation.getCacheName(), entryName));
  }
}
