package dev.granular.cache.interceptor;

import dev.granular.cache.NullValue;
import dev.granular.cache.operation.CacheOperation;
import dev.granular.cache.redis.JsonCache;
import dev.granular.cache.stats.CacheCounters;
import dev.granular.cache.tag.DigestedValue;
import dev.granular.cache.tag.EntryTags;
import dev.granular.cache.tag.Invalidation;
import dev.granular.cache.tag.TagRegistry;
import dev.granular.cache.tag.TaggedValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.cache.Cache;

/**
 * The versioned side of an entry (see {@link TagRegistry}): an entry depends on its declared tags
 * ({@code @CacheTags}) and, with stale protection on, on its own key and its cache ({@link
 * EntryTags}).
 *
 * <ul>
 *   <li>Before a load, the invalidation clock is read.
 *   <li>The load is stored with the versions of everything it depends on, only if none was
 *       invalidated after that reading: a write that committed during the load voids it. This
 *       closes the stale-set race (a reader loads the old row, a writer commits and invalidates,
 *       the reader stores the old row).
 *   <li>A stored value is served only while all its versions are current.
 * </ul>
 *
 * With stale protection off, versions are read when storing and nothing is refused: what most tag
 * caches do, and exactly the race above. Any Redis failure here counts as "not valid": a miss,
 * never a stale hit.
 */
final class TagGuard {

  private final TagRegistry registry;
  private final CacheOperation<?> operation;
  private final Cache<Object, Object> cache;
  private final JsonCache json;
  private final Object key;
  private final CacheCounters counters;
  private final String entryName;
  private final boolean protection;
  private final boolean active;
  private List<String>
      implicit; // computed once per call, used by the lookup and again by the store
  private List<String> validTags =
      List.of(); // of the last value lookup() found valid, for the near cache
  private TagRegistry.ReadAlong<Object>
      lastRead; // of lookup(), for the entry's expiry, parsed only if asked

  TagGuard(
      TagRegistry registry,
      CacheOperation<?> operation,
      CacheCounters counters,
      Cache<Object, Object> cache,
      Object key) {
    this.registry = registry;
    this.operation = operation;
    this.counters = counters;
    this.cache = cache;
    this.key = key;
    this.json = cache instanceof JsonCache j ? j : null;
    this.entryName = json == null ? null : json.entryName(key);
    this.protection = json != null && json.settings().staleProtection();
    this.active = registry != null && json != null && (protection || !operation.tags().isEmpty());
  }

  /**
   * The value to serve for the entry, or null on a miss (absent, void, or Redis failed). The entry
   * and the current versions of the tags the arguments tell (its own, its cache's, and every
   * declared tag that does not read the result) are read concurrently: one round trip of latency.
   * Tags only the stored value tells take a second one. With {@code forNearCopy} the read tells the
   * entry's expiry time on every topology, as with refresh-ahead: a near copy must not outlive its
   * entry.
   */
  Object lookup(Object[] arguments, boolean forNearCopy) {
    if (json == null) {
      return FailOpen.get(operation.getCacheName(), counters, () -> cache.get(key));
    }
    if (registry == null) {
      Object cached = FailOpen.get(operation.getCacheName(), counters, () -> json.get(key));
      return cached instanceof DigestedValue ? null : cached;
    }
    Collection<String> told = active ? knownTags(arguments) : List.of();
    // With refresh-ahead or a near copy the read must tell the entry's expiry time wherever Redis
    // can (on a Cluster too).
    boolean withExpiry = forNearCopy || operation.refreshAhead().enabled();
    TagRegistry.ReadAlong<Object> read =
        FailOpen.get(
            operation.getCacheName(),
            counters,
            () -> json.readWithVersions(key, told, registry, withExpiry));
    if (read == null) {
      return null;
    }
    lastRead = read;
    return valid(read.value(), read.versions());
  }

  /**
   * The expiry time (epoch milliseconds) of the entry {@link #lookup} last read, or 0 when it never
   * expires or the read could not tell (access-based expiry, no tag registry, or a Redis Cluster
   * and no refresh-ahead: the one script of a single server tells it anyway, a Cluster only when
   * asked).
   */
  long expiresAtMillis() {
    return lastRead == null ? 0 : lastRead.expiresAtMillis();
  }

  private Object valid(Object cached, Map<String, String> known) {
    if (!(cached instanceof DigestedValue stored)) {
      return active ? null : cached;
    }
    List<String> tags =
        protection ? concat(stored.declaredTags(), implicitTags()) : stored.declaredTags();
    Boolean holds =
        FailOpen.get(
            operation.getCacheName(), counters, () -> registry.holds(stored.digest(), tags, known));
    if (Boolean.TRUE.equals(holds)) {
      validTags = tags;
      return stored.value();
    }
    if (holds != null) {
      counters.staleRead();
    }
    return null;
  }

  /** Every tag the value last found valid by {@link #lookup} depends on (declared and implicit). */
  List<String> validTags() {
    return validTags;
  }

  // The tags the arguments tell. Declared tags never start with '#', implicit ones always: the two
  // never overlap.
  private Collection<String> knownTags(Object[] arguments) {
    Set<String> declared = operation.argumentTagsOf(arguments);
    return protection ? concat(declared, implicitTags()) : declared;
  }

  // A list, not a set: built on every hit, and every reader of these tags takes a tag listed twice
  // once.
  private static List<String> concat(Collection<String> first, List<String> second) {
    if (first.isEmpty()) {
      return second;
    }
    List<String> all = new ArrayList<>(first.size() + second.size());
    all.addAll(first);
    all.addAll(second);
    return all;
  }

  private List<String> implicitTags() {
    List<String> tags = implicit;
    if (tags == null) {
      tags = EntryTags.of(operation.getCacheName(), entryName);
      implicit = tags;
    }
    return tags;
  }

  /**
   * The clock reading to take before loading; -1 when Redis cannot say (the load is then not
   * stored).
   */
  long beforeLoad() {
    if (!active || !protection) {
      return 0;
    }
    Long clock = FailOpen.get(operation.getCacheName(), counters, registry::clock);
    return clock == null ? -1 : clock;
  }

  /**
   * What to store for a loaded value: itself with its versions, or null when it must not be stored.
   */
  Object toStore(Object[] arguments, Object value, long clock) {
    if (value == null || !active) {
      return value;
    }
    if (clock < 0) {
      return null;
    }
    Set<String> tags = tagsOf(arguments, value);
    long since = protection ? clock : Long.MAX_VALUE;
    Optional<Map<String, String>> versions =
        FailOpen.get(operation.getCacheName(), counters, () -> registry.versionsSince(tags, since));
    if (versions == null || versions.isEmpty()) {
      counters.refused();
      return null;
    }
    return new TaggedValue(versions.get(), value);
  }

  /**
   * True when entries carry versions of their own key, cache and tags (a write-through put needs
   * them).
   */
  boolean protecting() {
    return active && protection;
  }

  /** The implicit tag of this entry. */
  String entryTag() {
    return EntryTags.ofEntry(operation.getCacheName(), entryName);
  }

  /**
   * What to store for a write-through put once its transaction committed and {@code invalidation}
   * voided the old entry (and whatever else the transaction changed), or null when it must not be
   * stored. {@code clockBeforeCommit} was read inside the transaction after the write: a writer
   * that commits later invalidates after it. The value is stored only if no tag it depends on was
   * invalidated by anyone else after that reading (neither overwritten by this invalidation nor
   * written since), so a later write's value can never be replaced by this older one; else the
   * entry stays absent and the next read loads it.
   */
  Object toStoreAfterCommit(
      Object[] arguments, Object value, long clockBeforeCommit, Invalidation invalidation) {
    Set<String> tags = tagsOf(arguments, value);
    for (String tag : tags) {
      String replaced = invalidation.previous().get(tag);
      if (replaced != null && Invalidation.clockOf(replaced) > clockBeforeCommit) {
        counters.refused(); // another writer invalidated it after our reading: its write may be the
        // newer one
        return null;
      }
    }
    Map<String, String> ours = new HashMap<>(invalidation.written());
    ours.keySet().retainAll(tags);
    Set<String> others = new LinkedHashSet<>(tags);
    others.removeAll(ours.keySet());
    Optional<Map<String, String>> versions =
        FailOpen.get(
            operation.getCacheName(),
            counters,
            () -> registry.versionsSinceWhileCurrent(others, clockBeforeCommit, ours));
    if (versions == null || versions.isEmpty()) {
      counters
          .refused(); // written or invalidated by someone else since: leave the entry to the next
      // read
      return null;
    }
    Map<String, String> all = new HashMap<>(versions.get());
    all.putAll(ours);
    return new TaggedValue(all, value);
  }

  /**
   * Invalidates this entry's own tag, so a load racing this write is refused; for puts and
   * removals.
   */
  void invalidateEntry() {
    if (active && protection) {
      registry.invalidate(Set.of(EntryTags.ofEntry(operation.getCacheName(), entryName)));
    }
  }

  /**
   * Runs {@code store}, which stores {@code stored}, and records the entry under its declared tags,
   * for counting and clean-up: on a single server in the store's round trip ({@link
   * TagRegistry#trackWithNextCall}).
   */
  void storeTracked(Object stored, Runnable store) {
    if (!(stored instanceof TaggedValue tagged) || operation.tags().isEmpty()) {
      store.run();
      return;
    }
    Map<String, String> declared = new HashMap<>(tagged.versions());
    declared.keySet().removeIf(EntryTags::isImplicit);
    Runnable listed =
        FailOpen.get(
            operation.getCacheName(),
            counters,
            () -> registry.trackWithNextCall(declared, operation.getCacheName(), entryName));
    try {
      store.run();
    } finally {
      if (listed != null) {
        FailOpen.run(operation.getCacheName(), counters, listed);
      }
    }
  }

  private Set<String> tagsOf(Object[] arguments, Object value) {
    Set<String> tags =
        new LinkedHashSet<>(operation.tagsOf(arguments, value instanceof NullValue ? null : value));
    if (protection) {
      tags.addAll(implicitTags());
    }
    return tags;
  }
}
