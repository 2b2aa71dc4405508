package dev.granular.cache.tag;

import dev.granular.cache.redis.JsonCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Tells which stored entries are void, for the tag clean-up: it must free the entries an
 * invalidation voided, but not a value stored over one of them since (a load that finished after
 * the invalidation, a write-through), which is current. An entry is current when the digest of its
 * tags' current versions is the one it was stored with; its tags are its declared ones with its
 * implicit ones ({@link EntryTags}, stale protection on) or without them (off). Anything else
 * counts as void: an untagged payload, or one whose value names more dependencies than its header
 * (a whole response's parts), which the clean-up then removes as before, by value.
 */
final class VoidEntries {

  private VoidEntries() {}

  /**
   * The void ones of {@code payloads} (entry names to raw payloads of the cache {@code cacheName}),
   * with their payloads. {@code currentVersions} reads the current versions of a set of tags at
   * once (an absent tag left out); it is called once, and not at all when no payload is tagged.
   */
  static Map<String, String> among(
      String cacheName,
      Map<String, String> payloads,
      Function<Set<String>, Map<String, String>> currentVersions) {
    Map<String, TagHeader> headers = new HashMap<>();
    Set<String> tags = new HashSet<>();
    Map<String, String> voided = new HashMap<>();
    payloads.forEach(
        (entry, payload) -> {
          TagHeader header = JsonCache.headerOf(payload);
          if (header == null) {
            voided.put(entry, payload);
          } else {
            headers.put(entry, header);
            tags.addAll(header.declaredTags());
            tags.addAll(EntryTags.of(cacheName, entry));
          }
        });
    if (headers.isEmpty()) {
      return voided;
    }
    Map<String, String> versions = currentVersions.apply(tags);
    headers.forEach(
        (entry, header) -> {
          if (!isCurrent(cacheName, entry, header, versions)) {
            voided.put(entry, payloads.get(entry));
          }
        });
    return voided;
  }

  /**
   * True when {@code header}'s digest is that of the current {@code versions} of its tags, with or
   * without its implicit ones.
   */
  static boolean isCurrent(
      String cacheName, String entry, TagHeader header, Map<String, String> versions) {
    List<String> all = new ArrayList<>(header.declaredTags());
    all.addAll(EntryTags.of(cacheName, entry));
    return digestMatches(header.digest(), all, versions)
        || digestMatches(header.digest(), header.declaredTags(), versions);
  }

  private static boolean digestMatches(
      String digest, List<String> tags, Map<String, String> versions) {
    if (tags.isEmpty()) {
      return false; // no version to tell whether it is current
    }
    return VersionDigest.matches(
        digest, tags, versions); // a tag without a version fails, as on a read
  }
}
