package dev.granular.cache.tag;

import java.util.Map;
import java.util.TreeMap;

/**
 * A short fingerprint of the versions an entry was stored with. The entry keeps this digest (13 characters at
 * most) instead of every tag's version, and is valid while the digest of its tags' current versions is the same.
 *
 * <p>64 bits of a well-mixed hash over the sorted {@code tag → version} pairs: versions are unique and carry a random
 * part, so two different version sets share a digest with a chance of about 2<sup>-64</sup> per check, far below the
 * odds of a Redis write being lost.
 */
public final class VersionDigest {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private VersionDigest() {}

  /** The digest of {@code versions} (tag to version), whatever the map's order. */
  public static String of(Map<String, String> versions) {
    Map<String, String> sorted = versions instanceof TreeMap<String, String> tree ? tree : new TreeMap<>(versions);
    long hash = FNV_OFFSET;
    for (Map.Entry<String, String> entry : sorted.entrySet()) {
      hash = mix(hash, entry.getKey());
      hash = (hash ^ 0x1F) * FNV_PRIME; // separators, so ("ab","c") and ("a","bc") differ
      hash = mix(hash, entry.getValue());
      hash = (hash ^ 0x1E) * FNV_PRIME;
    }
    return Long.toUnsignedString(finish(hash), 36);
  }

  private static long mix(long hash, String text) {
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * FNV_PRIME;
    }
    return hash;
  }

  // MurmurHash3's finalizer: FNV-1a alone leaves the high bits poorly mixed.
  private static long finish(long hash) {
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return hash;
  }
}
