package dev.granular.cache.tag;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * A short fingerprint of the versions an entry was stored with. The entry keeps this digest (13
 * characters at most) instead of every tag's version, and is valid while the digest of its tags'
 * current versions is the same.
 *
 * <p>64 bits of a well-mixed hash over the sorted {@code tag → version} pairs: versions are unique
 * and carry a random part, so two different version sets share a digest with a chance of about
 * 2<sup>-64</sup> per check, far below the odds of a Redis write being lost. Written as the
 * unsigned number in base 36.
 *
 * <p>Every cache hit checks a digest ({@link #matches}), so the check neither builds a sorted map
 * nor writes the digest out: it sorts the tag names in an array and compares the digits in place.
 * (Writing it with {@link Long#toUnsignedString(long, int)} went through a {@link
 * java.math.BigInteger} for half of all digests, the largest single share of a hit's allocation.)
 */
public final class VersionDigest {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final int RADIX = 36;

  private VersionDigest() {}

  /** The digest of {@code versions} (tag to version), whatever the map's order. */
  public static String of(Map<String, String> versions) {
    String[] tags = sorted(versions.keySet());
    return format(hash(tags, versions));
  }

  /**
   * True when every one of {@code tags} has a version in {@code versions} and {@code digest} is the
   * digest of those versions (versions of other tags are ignored): {@code of(versions restricted to
   * tags).equals(digest)}, without building either.
   */
  public static boolean matches(
      String digest, Collection<String> tags, Map<String, String> versions) {
    String[] sorted = sorted(tags);
    for (String tag : sorted) {
      if (versions.get(tag) == null) {
        return false;
      }
    }
    return spells(digest, hash(sorted, versions));
  }

  private static String[] sorted(Collection<String> tags) {
    String[] sorted = tags.toArray(new String[0]);
    Arrays.sort(sorted);
    return sorted;
  }

  // A tag listed twice (a collection that is not a set) counts once, as in a map.
  private static long hash(String[] sortedTags, Map<String, String> versions) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < sortedTags.length; i++) {
      String tag = sortedTags[i];
      if (i > 0 && tag.equals(sortedTags[i - 1])) {
        continue;
      }
      hash = mix(hash, tag);
      hash = (hash ^ 0x1F) * FNV_PRIME; // separators, so ("ab","c") and ("a","bc") differ
      hash = mix(hash, versions.get(tag));
      hash = (hash ^ 0x1E) * FNV_PRIME;
    }
    return finish(hash);
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

  /**
   * {@code value} as an unsigned number in base 36: what {@link Long#toUnsignedString(long, int)}
   * writes.
   */
  static String format(long value) {
    if (value >= 0) {
      return Long.toString(value, RADIX);
    }
    long quotient = unsignedQuotient(value);
    return Long.toString(quotient, RADIX)
        + Character.forDigit((int) (value - quotient * RADIX), RADIX);
  }

  // True when digest is exactly format(value): compared digit by digit from the last, nothing
  // written out.
  static boolean spells(String digest, long value) {
    int at = digest.length();
    long rest = value;
    if (rest < 0) {
      long quotient = unsignedQuotient(rest);
      if (at == 0
          || digest.charAt(--at) != Character.forDigit((int) (rest - quotient * RADIX), RADIX)) {
        return false;
      }
      rest = quotient;
    }
    do {
      if (at == 0 || digest.charAt(--at) != Character.forDigit((int) (rest % RADIX), RADIX)) {
        return false;
      }
      rest /= RADIX;
    } while (rest != 0);
    return at == 0;
  }

  // value / 36 with value read as unsigned: halve it unsigned (now positive), then divide by 18.
  private static long unsignedQuotient(long value) {
    return (value >>> 1) / (RADIX / 2);
  }
}
