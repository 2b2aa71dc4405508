package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.NullValue;
import dev.granular.cache.config.CacheSettings;
import dev.granular.cache.config.CacheSettings.Expiry;
import dev.granular.cache.tag.DigestedValue;
import dev.granular.cache.tag.TaggedValue;
import dev.granular.cache.tag.VersionDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;

/**
 * What the JSON view stores in Redis and reads back: plain JSON for a value, {@code ~null} for
 * {@link NullValue}, and {@code ~v<digest of the versions>[\t<declared tag>]*\n<value>} for a
 * {@link TaggedValue}, read back as a {@link DigestedValue}; anything it cannot read is a miss.
 */
class JsonCacheEncodingTest {

  public record Product(long id, String name) {}

  private static final Product LAMP = new Product(42, "Lamp");
  private static final Map<String, String> VERSIONS = Map.of("product:42", "3:abc");
  private static final String DIGEST = VersionDigest.of(VERSIONS);

  private static DigestedValue digested(Object value) {
    return new DigestedValue(DIGEST, List.of("product:42"), value);
  }

  private final InMemoryStringCache raw = new InMemoryStringCache("cache:v1:products");

  private JsonCache cache(Class<?> valueType, Duration negativeTtl) {
    CacheSettings settings =
        new CacheSettings(
            "products",
            Duration.ofMinutes(10),
            Expiry.MODIFIED,
            negativeTtl,
            false,
            true,
            CacheSettings.WriteStrategy.THROUGH);
    return new JsonCache("products", raw, new JsonValueCodec(valueType), settings);
  }

  private JsonCache products() {
    return cache(Product.class, Duration.ofSeconds(30));
  }

  @Test
  void entryNamesAreTheKeysAsJson() {
    assertEquals("42", products().entryName(42L));
    assertEquals("\"en\"", products().entryName("en"));
  }

  @Test
  void aPlainValueIsStoredAsItsJson() {
    JsonCache cache = products();
    cache.put(42L, LAMP);
    assertEquals("{\"id\":42,\"name\":\"Lamp\"}", raw.raw("42"));
    assertEquals(LAMP, cache.get(42L));
  }

  @Test
  void aTaggedValueIsTheDigestOfItsVersionsItsDeclaredTagsThenItsValue() {
    JsonCache cache = products();
    cache.put(42L, new TaggedValue(VERSIONS, LAMP));
    assertEquals("~v" + DIGEST + "\tproduct:42\n{\"id\":42,\"name\":\"Lamp\"}", raw.raw("42"));
    assertEquals(digested(LAMP), cache.get(42L));
  }

  @Test
  void implicitTagsAreInTheDigestButNotListed() {
    JsonCache cache = products();
    Map<String, String> versions =
        Map.of("product:42", "3:abc", "#products:42", "4:def", "#all", "1:x");
    cache.put(42L, new TaggedValue(versions, LAMP));
    assertEquals(
        "~v" + VersionDigest.of(versions) + "\tproduct:42\n{\"id\":42,\"name\":\"Lamp\"}",
        raw.raw("42"));
    assertTrue(VersionDigest.of(versions).length() <= 13);
  }

  @Test
  void tagsAndValuesWithNewlinesAndQuotesRoundTrip() {
    JsonCache cache = cache(String.class, Duration.ofSeconds(30));
    Map<String, String> versions =
        Map.of("a\nb", "1:x", "q\"uote", "2:y", "{x}|*", "3:z", "", "4:w");
    cache.put("k", new TaggedValue(versions, "line 1\nline 2"));
    assertEquals(1, raw.raw("\"k\"").chars().filter(c -> c == '\n').count(), raw.raw("\"k\""));
    DigestedValue read = (DigestedValue) cache.get("k");
    assertEquals(VersionDigest.of(versions), read.digest());
    assertEquals(
        java.util.Set.copyOf(versions.keySet()), java.util.Set.copyOf(read.declaredTags()));
    assertEquals("line 1\nline 2", read.value());
  }

  @Test
  void aTaggedValueWithoutTagsRoundTrips() {
    JsonCache cache = products();
    cache.put(42L, new TaggedValue(Map.of(), LAMP));
    assertEquals(
        "~v" + VersionDigest.of(Map.of()) + "\n{\"id\":42,\"name\":\"Lamp\"}", raw.raw("42"));
    assertEquals(new DigestedValue(VersionDigest.of(Map.of()), List.of(), LAMP), cache.get(42L));
  }

  @Test
  void nullValueIsStoredAsTheMarker() {
    JsonCache cache = products();
    assertTrue(cache.storesNulls());
    cache.put(7L, NullValue.INSTANCE);
    assertEquals("~null", raw.raw("7"));
    assertSame(NullValue.INSTANCE, cache.get(7L));
  }

  @Test
  void aTaggedNullValueIsTheVersionsThenTheMarker() {
    JsonCache cache = products();
    cache.put(7L, new TaggedValue(VERSIONS, NullValue.INSTANCE));
    assertEquals("~v" + DIGEST + "\tproduct:42\n~null", raw.raw("7"));
    assertEquals(digested(NullValue.INSTANCE), cache.get(7L));
  }

  @Test
  void withoutNegativeCachingNullValuesAreNotStored() {
    JsonCache cache = cache(Product.class, Duration.ZERO);
    assertFalse(cache.storesNulls());
    cache.put(7L, NullValue.INSTANCE);
    cache.put(8L, new TaggedValue(VERSIONS, NullValue.INSTANCE));
    assertFalse(cache.containsKey(7L));
    assertFalse(cache.containsKey(8L));
    assertNull(cache.get(7L));
  }

  @Test
  void stringsThatLookLikeMarkersStayStrings() {
    JsonCache cache = cache(String.class, Duration.ofSeconds(30));
    cache.put(1L, "~null");
    cache.put(2L, "~vabc\n\"x\"");
    assertEquals("\"~null\"", raw.raw("1"));
    assertEquals("~null", cache.get(1L));
    assertEquals("~vabc\n\"x\"", cache.get(2L));
  }

  @Test
  void unreadablePayloadsAreMisses() {
    JsonCache cache = products();
    List<String> unreadable =
        List.of(
            "~vabc\tproduct:42", // no newline
            "~v\n{\"id\":42,\"name\":\"Lamp\"}", // no digest
            "~t{\"product:42\":\"3:abc\"}\n{\"id\":42,\"name\":\"Lamp\"}", // the former format
            "~vabc\nnot json", // the value is not JSON
            "~vabc\n~vabc\n{\"id\":42,\"name\":\"Lamp\"}", // tagged twice
            "~vabc\nnull",
            "not json");
    for (String payload : unreadable) {
      raw.put("42", payload);
      assertNull(cache.get(42L), payload);
    }
  }

  @Test
  void readingWritesDecodeTheOldValue() {
    JsonCache cache = products();
    cache.put(42L, new TaggedValue(VERSIONS, LAMP));
    assertEquals(digested(LAMP), cache.getAndPut(42L, NullValue.INSTANCE));
    assertSame(NullValue.INSTANCE, cache.getAndRemove(42L));
    assertFalse(cache.containsKey(42L));
  }

  @Test
  void putAllEncodesEveryValue() {
    JsonCache cache = products();
    Map<Object, Object> values = new HashMap<>();
    values.put(1L, new Product(1, "One"));
    values.put(2L, new TaggedValue(VERSIONS, new Product(2, "Two")));
    cache.putAll(values);
    assertEquals("{\"id\":1,\"name\":\"One\"}", raw.raw("1"));
    assertEquals("~v" + DIGEST + "\tproduct:42\n{\"id\":2,\"name\":\"Two\"}", raw.raw("2"));
  }

  @Test
  void iterationGivesEntryNamesAndDecodedValues() {
    JsonCache cache = products();
    cache.put(1L, LAMP);
    cache.put(2L, new TaggedValue(VERSIONS, LAMP));
    Map<Object, Object> seen = new HashMap<>();
    for (Cache.Entry<Object, Object> entry : cache) {
      seen.put(entry.getKey(), entry.getValue());
    }
    assertEquals(Map.of("1", LAMP, "2", digested(LAMP)), seen);
  }

  @Test
  void theLifetimeAStoreGivesItsEntryBoundsItsNearCopy() {
    assertEquals(
        600_000, lifetimes(Expiry.MODIFIED).lifetimeOfStore(LAMP, false), "the TTL, counted again");
    assertEquals(
        30_000,
        lifetimes(Expiry.MODIFIED).lifetimeOfStore(NullValue.INSTANCE, false),
        "a null's TTL");
    assertEquals(
        30_000,
        lifetimes(Expiry.MODIFIED)
            .lifetimeOfStore(new TaggedValue(VERSIONS, NullValue.INSTANCE), false),
        "a tagged null's too");
    assertEquals(600_000, lifetimes(Expiry.ACCESSED).lifetimeOfStore(LAMP, false));
    assertEquals(Long.MAX_VALUE, lifetimes(Expiry.ETERNAL).lifetimeOfStore(LAMP, false));
    assertEquals(
        -1,
        lifetimes(Expiry.CREATED).lifetimeOfStore(LAMP, false),
        "a put may have kept a present entry's first expiry time: unknown");
    assertEquals(
        600_000,
        lifetimes(Expiry.CREATED).lifetimeOfStore(LAMP, true),
        "a renewed store starts anew");
  }

  @Test
  void theLifetimeAReadToldBoundsItsNearCopy() {
    long now = 1_800_000_000_000L;
    assertEquals(5_000, lifetimes(Expiry.MODIFIED).lifetimeOfRead(now + 5_000, now));
    assertEquals(-1, lifetimes(Expiry.MODIFIED).lifetimeOfRead(now - 1, now), "expired meanwhile");
    assertEquals(
        Long.MAX_VALUE,
        lifetimes(Expiry.ETERNAL).lifetimeOfRead(0, now),
        "no expiry time: never expires");
    assertEquals(
        600_000,
        lifetimes(Expiry.ACCESSED).lifetimeOfRead(0, now),
        "the read pushed it a whole TTL back");
  }

  private JsonCache lifetimes(Expiry expiry) {
    CacheSettings settings =
        new CacheSettings(
            "products",
            Duration.ofMinutes(10),
            expiry,
            Duration.ofSeconds(30),
            false,
            true,
            CacheSettings.WriteStrategy.THROUGH);
    return new JsonCache("products", raw, new JsonValueCodec(Product.class), settings);
  }
}
