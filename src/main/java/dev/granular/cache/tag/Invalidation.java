package dev.granular.cache.tag;

import java.util.Map;

/**
 * What one invalidation did: the clock value it moved to, the versions it replaced ({@code previous}, absent for
 * tags that had none) and the versions it wrote. A write-through put uses it to tell whether another writer
 * invalidated the same tags after it read the clock.
 */
public record Invalidation(long clock, Map<String, String> previous, Map<String, String> written) {

  /** The clock value at which a version was written; unreadable versions count as the latest possible. */
  public static long clockOf(String version) {
    int colon = version.indexOf(':');
    try {
      return Long.parseLong(colon < 0 ? version : version.substring(0, colon));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // unreadable: treat as invalidated, never as fresh
    }
  }
}
