package dev.granular.cache.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
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

  @Test
  void digestsAreWrittenAsUnsignedBase36() {
    SplittableRandom random = new SplittableRandom(7);
    long[] edges = {0, 1, 35, 36, Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, -36, Long.MIN_VALUE + 35};
    for (long value : edges) {
      assertEquals(
          Long.toUnsignedString(value, 36), VersionDigest.format(value), Long.toHexString(value));
    }
    for (int i = 0; i < 100_000; i++) {
      long value = random.nextLong();
      assertEquals(
          Long.toUnsignedString(value, 36), VersionDigest.format(value), Long.toHexString(value));
    }
  }

  @Test
  void aDigestSpellsItsValueAndNoOther() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      long value = i < 10 ? i - 5 : random.nextLong();
      String written = Long.toUnsignedString(value, 36);
      assertTrue(VersionDigest.spells(written, value), written);
      assertFalse(VersionDigest.spells(written, value + 1), written);
      assertFalse(VersionDigest.spells("0" + written, value), "a leading zero is another text");
      assertFalse(VersionDigest.spells(written.substring(1), value), written);
      assertFalse(
          VersionDigest.spells(written.toUpperCase(), value)
              && !written.equals(written.toUpperCase()));
    }
    assertFalse(VersionDigest.spells("", 0));
  }

  @Test
  void matchesTellsWhatTheDigestOfTheTagsVersionsWouldBe() {
    Map<String, String> stored = Map.of("product:1", "7:a", "#all", "1:b", "#products", "3:c");
    String digest = VersionDigest.of(stored);
    Map<String, String> current = new LinkedHashMap<>(stored);
    current.put("category:9", "4:d"); // read along, but not one of the entry's tags
    assertTrue(VersionDigest.matches(digest, List.of("#products", "product:1", "#all"), current));
    assertTrue(
        VersionDigest.matches(digest, List.of("#all", "product:1", "#all", "#products"), current));
    assertFalse(
        VersionDigest.matches(digest, List.of("#all", "product:1"), current), "a tag fewer");
    assertFalse(
        VersionDigest.matches(
            digest, List.of("#all", "product:1", "#products", "category:9"), current));
    current.put("#all", "2:e");
    assertFalse(VersionDigest.matches(digest, stored.keySet(), current), "an invalidated tag");
    current.remove("#all");
    assertFalse(VersionDigest.matches(digest, stored.keySet(), current), "a tag without a version");
  }
}
