package dev.granular.cache.tag;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Where tag versions live, shared by every instance. The protocol that keeps entries fresh:
 *
 * <ol>
 *   <li>Before a cached method loads, the caller reads the invalidation {@link #clock()}.
 *   <li>After it loads, {@link #versionsSince} gives the current version of each of the entry's
 *       tags, or nothing when one of them was invalidated after that clock reading: the load may
 *       have seen the old state, so it must not be stored.
 *   <li>A cached value is served only while {@link #isCurrent} holds for the versions stored with
 *       it.
 *   <li>{@link #invalidate} moves the clock and gives each tag a new, never reused version.
 * </ol>
 *
 * A version that disappears (expired, or evicted by Redis under memory pressure) makes every entry
 * that recorded it stale, never fresh again: losing tag data costs misses, not correctness.
 */
public interface TagRegistry {

  /** The invalidation clock: it moves forward on every invalidation. */
  long clock();

  /**
   * The current versions of {@code tags}, creating those that have none; empty if any of them was
   * invalidated after {@code clock} was read.
   */
  Optional<Map<String, String>> versionsSince(Collection<String> tags, long clock);

  /** True when every tag still has the recorded version. */
  boolean isCurrent(Map<String, String> versions);

  /**
   * {@link #versionsSince} and {@link #isCurrent} at once: the current versions of {@code tags}
   * (creating those that have none), or empty when one of them was invalidated after {@code clock}
   * or one of {@code expected} is no longer the current version. A write-through put asks both
   * before it stores; an implementation should answer in one round trip.
   */
  default Optional<Map<String, String>> versionsSinceWhileCurrent(
      Collection<String> tags, long clock, Map<String, String> expected) {
    Optional<Map<String, String>> versions = versionsSince(tags, clock);
    return versions.isPresent() && isCurrent(expected) ? versions : Optional.empty();
  }

  /**
   * The current versions of {@code tags}, in one round trip; a tag without a version is left out.
   */
  Map<String, String> currentVersions(Collection<String> tags);

  /**
   * Starts {@code read} (an entry's payload), reads the current versions of {@code tags} while it
   * is under way, and waits for both: a cache hit costs one round trip of latency when its tags can
   * be told before the entry is read.
   */
  <T> ReadAlong<T> readAlong(Supplier<? extends CompletionStage<T>> read, Collection<String> tags);

  /**
   * The Redis key of a tag's version, for a caller that reads it along with other keys in one
   * command.
   */
  String versionKeyOf(String tag);

  /**
   * True when {@code digest} (a stored entry's {@link VersionDigest}) is the digest of the current
   * versions of {@code tags}: no tag the entry depends on was invalidated since it was stored.
   * {@code known} holds versions already read along with the entry; the others are read in one
   * round trip. A tag without a version fails the check; a tag listed twice counts once.
   */
  default boolean holds(String digest, Collection<String> tags, Map<String, String> known) {
    if (known.keySet().containsAll(tags)) {
      return VersionDigest.matches(
          digest, tags, known); // every hit whose tags the arguments tell: nothing copied
    }
    Map<String, String> versions = new HashMap<>(known);
    Set<String> unknown = new LinkedHashSet<>(tags);
    unknown.removeAll(known.keySet());
    versions.putAll(currentVersions(unknown));
    return VersionDigest.matches(digest, tags, versions);
  }

  /**
   * What {@link #readAlong} read: the payload, the versions found (a tag without one is left out)
   * and, where the read tells it, the entry's expiry time as Redis wrote it ({@code expiryScore},
   * null when it has none or the read cannot tell), parsed only by those who ask ({@link
   * #expiresAtMillis}): most hits never do.
   */
  record ReadAlong<T>(T value, Map<String, String> versions, String expiryScore) {

    /** A read that does not tell the entry's expiry. */
    public ReadAlong(T value, Map<String, String> versions) {
      this(value, versions, null);
    }

    /**
     * The entry's expiry time in epoch milliseconds, or 0 when it has none or the read could not
     * tell.
     */
    public long expiresAtMillis() {
      if (expiryScore == null) {
        return 0;
      }
      try {
        return (long)
            Double.parseDouble(expiryScore); // a whole number, which Redis may write as a double
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  /**
   * Voids every entry that depends on any of {@code tags}, in every cache; says what it replaced
   * and wrote.
   */
  Invalidation invalidate(Collection<String> tags);

  /** How an entry is named among a tag's dependents: {@code <cache>|<entry>}. */
  static String dependent(String cacheName, String entryName) {
    return cacheName + "|" + entryName;
  }

  /**
   * Records that an entry of {@code cacheName} depends on the tags of {@code versions} (tag to the
   * version the entry was stored with), for counting and memory clean-up. The clean-up after an
   * invalidation deletes only entries stored with an older version of the tag, so an entry stored
   * after it, with the new version, is not deleted with them.
   */
  void track(Map<String, String> versions, String cacheName, String entryName);

  /**
   * As {@link #track}, for an entry about to be stored: where it can, the registry sends the
   * listing with this thread's next Redis call (the store's), in the same round trip. Run what it
   * returns once the store is done (or failed): it waits for the listing's outcome, or makes the
   * listing on its own when no call took it along.
   */
  default Runnable trackWithNextCall(
      Map<String, String> versions, String cacheName, String entryName) {
    return () -> track(versions, cacheName, entryName);
  }

  /**
   * How many live entries depend on {@code tag} (as tracked; entries already voided may still
   * count).
   */
  long dependents(String tag);
}
