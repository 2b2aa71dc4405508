package dev.granular.cache.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VersionDigestTest {

  @Test
  void theOrderOfTheTagsDoesNotMatter() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("product:1", "7:a");
    one.put("#all", "1:b");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("#all", "1:b");
    other.put("product:1", "7:a");
    assertEquals(VersionDigest.of(one), VersionDigest.of(other));
  }

  @Test
  void anyChangedVersionOrTagChangesTheDigest() {
    String base = VersionDigest.of(Map.of("product:1", "7:a", "#all", "1:b"));
    assertNotEquals(base, VersionDigest.of(Map.of("product:1", "8:a", "#all", "1:b")));
    assertNotEquals(base, VersionDigest.of(Map.of("product:2", "7:a", "#all", "1:b")));
    assertNotEquals(base, VersionDigest.of(Map.of("product:1", "7:a")));
    // the boundary between tag and version counts
    assertNotEquals(VersionDigest.of(Map.of("ab", "c")), VersionDigest.of(Map.of("a", "bc")));
  }

  @Test
  void digestsAreShortAndDoNotCollideOnManyVersions() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String digest = VersionDigest.of(Map.of("product:" + (i % 100), i + ":x", "#all", "1:y"));
      assertTrue(digest.length() <= 13, digest);
      seen.add(digest);
    }
    assertEquals(100_000, seen.size());
  }
}
