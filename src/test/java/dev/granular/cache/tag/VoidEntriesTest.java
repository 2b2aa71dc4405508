package dev.granular.cache.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VoidEntriesTest {

  private static final String CACHE = "products";

  /**
   * A payload as JsonCache stores a tagged value: {@code ~v<digest>[\t<declared tag>]*\n<value>}.
   */
  private static String payload(Map<String, String> versions, String value) {
    StringBuilder stored = new StringBuilder("~v").append(VersionDigest.of(versions));
    versions.keySet().stream()
        .filter(tag -> !EntryTags.isImplicit(tag))
        .sorted()
        .forEach(tag -> stored.append('\t').append(tag));
    return stored.append('\n').append(value).toString();
  }

  private static Map<String, String> protectedVersions(String entry, String productVersion) {
    return Map.of(
        "product:" + entry,
        productVersion,
        EntryTags.ofEntry(CACHE, entry),
        "1:e" + entry,
        EntryTags.ofCache(CACHE),
        "1:c",
        EntryTags.ALL,
        "1:a");
  }

  @Test
  void anEntryStoredWithTheCurrentVersionsStaysAndOneStoredBeforeAnInvalidationGoes() {
    Map<String, String> current = new HashMap<>();
    current.putAll(protectedVersions("1", "9:new"));
    current.putAll(protectedVersions("2", "9:new"));
    Map<String, String> payloads =
        Map.of(
            "1", payload(protectedVersions("1", "9:new"), "{\"id\":1}"),
            "2", payload(protectedVersions("2", "8:old"), "{\"id\":2}"));

    Map<String, String> voided = VoidEntries.among(CACHE, payloads, tags -> subset(current, tags));

    assertEquals(
        Map.of("2", payloads.get("2")),
        voided,
        "only the entry stored with the old version is void");
  }

  @Test
  void anEntryWithoutStaleProtectionIsJudgedByItsDeclaredTagsAlone() {
    Map<String, String> declaredOnly = Map.of("product:3", "9:new");
    Map<String, String> current = new HashMap<>(protectedVersions("3", "9:new"));

    Map<String, String> voided =
        VoidEntries.among(
            CACHE, Map.of("3", payload(declaredOnly, "{}")), tags -> subset(current, tags));

    assertTrue(voided.isEmpty(), "current by its declared tag's version");
  }

  @Test
  void aTagWithoutAVersionUntaggedPayloadsAndUnreadableHeadersCountAsVoid() {
    Map<String, String> current = new HashMap<>(protectedVersions("4", "9:new"));
    current.remove("product:4"); // expired or evicted: its entries are stale, never fresh again
    Map<String, String> payloads =
        Map.of(
            "4", payload(protectedVersions("4", "9:new"), "{}"),
            "5", "{\"plain\":true}",
            "6", "~v\n{}");

    Map<String, String> voided = VoidEntries.among(CACHE, payloads, tags -> subset(current, tags));

    assertEquals(payloads, voided);
  }

  @Test
  void theVersionsAreReadOnceForAllEntriesAndNotAtAllWithoutATaggedOne() {
    AtomicInteger reads = new AtomicInteger();
    Map<String, String> current = new HashMap<>();
    current.putAll(protectedVersions("7", "1:x"));
    current.putAll(protectedVersions("8", "1:y"));
    VoidEntries.among(
        CACHE,
        Map.of(
            "7",
            payload(protectedVersions("7", "1:x"), "{}"),
            "8",
            payload(protectedVersions("8", "1:y"), "{}")),
        tags -> {
          reads.incrementAndGet();
          assertTrue(
              tags.containsAll(
                  List.of("product:7", "product:8", "#products:7", "#products:8", "#all")));
          return subset(current, tags);
        });
    VoidEntries.among(
        CACHE,
        Map.of("9", "{}"),
        tags -> {
          reads.incrementAndGet();
          return Map.of();
        });
    assertEquals(1, reads.get());
  }

  private static Map<String, String> subset(Map<String, String> versions, Set<String> tags) {
    Map<String, String> found = new HashMap<>(versions);
    found.keySet().retainAll(tags);
    return found;
  }
}
