package dev.granular.cache.tag;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What one invalidation did: the clock value it moved to, the versions it replaced ({@code
 * previous}, absent for tags that had none) and the versions it wrote. A write-through put uses it
 * to tell whether another writer invalidated the same tags after it read the clock. {@code
 * cleanedUp} completes when the background deletion of the void entries that depended on the tags
 * is done; it never deletes a value stored after the invalidation, so nobody need wait for it but
 * code that counts what is left.
 */
public record Invalidation(
    long clock,
    Map<String, String> previous,
    Map<String, String> written,
    CompletableFuture<Void> cleanedUp) {

  /** An invalidation of nothing. */
  public static Invalidation none() {
    return new Invalidation(0, Map.of(), Map.of(), CompletableFuture.completedFuture(null));
  }

  /**
   * The clock value at which a version was written; unreadable versions count as the latest
   * possible.
   */
  public static long clockOf(String version) {
    int colon = version.indexOf(':');
    try {
      return Long.parseLong(colon < 0 ? version : version.substring(0, colon));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // unreadable: treat as invalidated, never as fresh
    }
  }
}
