package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactJsonTest {

  public record Product(
      long id,
      String name,
      String description,
      String price,
      long categoryId,
      Instant updatedAt,
      long views) {}

  private static final Product LAMP =
      new Product(
          4242,
          "Benchmark product 4242",
          "A product of the benchmark catalog",
          "19.99",
          1,
          Instant.parse("2026-11-26T10:00:00.123456Z"),
          7);

  @Test
  void sevenBitTextRoundTripsAnyBytesAndStaysAscii() {
    Random random = new Random(7);
    for (int length = 0; length < 200; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      String text = CompactJson.sevenBits(bytes);
      assertTrue(text.chars().allMatch(c -> c < 128));
      assertEquals(text.length(), text.getBytes(StandardCharsets.UTF_8).length);
      assertArrayEquals(bytes, CompactJson.eightBits(text), "length " + length);
    }
  }

  @Test
  void aProductPacksToAboutHalfItsJsonAndBack() {
    JsonValueCodec codec = new JsonValueCodec(Product.class, true);
    String json = JsonValueCodec.jsonb().toJson(LAMP);
    String packed = codec.encode(LAMP);
    assertTrue(packed.startsWith(JsonValueCodec.PACKED_PREFIX));
    int storedBytes = packed.getBytes(StandardCharsets.UTF_8).length;
    assertTrue(
        storedBytes < json.length() * 0.65,
        storedBytes + " bytes for " + json.length() + " of JSON");
    assertEquals(Optional.of(LAMP), codec.decode(packed));
  }

  @Test
  void listsUseTheirElementsDictionary() throws Exception {
    java.lang.reflect.Type listOfProducts =
        CompactJsonTest.class.getDeclaredMethod("products").getGenericReturnType();
    JsonValueCodec codec = new JsonValueCodec(listOfProducts, true);
    List<Product> products = List.of(LAMP, LAMP);
    assertEquals(Optional.of(products), codec.decode(codec.encode(products)));
  }

  static List<Product> products() {
    return List.of();
  }

  @Test
  void smallValuesStayPlainJsonAndPlainJsonIsReadByACompressingCodec() {
    JsonValueCodec codec = new JsonValueCodec(String.class, true);
    assertEquals("\"short\"", codec.encode("short"));
    assertEquals(
        Optional.of(LAMP),
        new JsonValueCodec(Product.class, true).decode(JsonValueCodec.jsonb().toJson(LAMP)));
  }

  @Test
  void aPayloadOfAnotherDictionaryOrCorruptIsAMiss() {
    String packed = new JsonValueCodec(Product.class, true).encode(LAMP);
    record Other(long id, String title) {}
    assertFalse(new JsonValueCodec(Other.class, true).decode(packed).isPresent());
    JsonValueCodec codec = new JsonValueCodec(Product.class, true);
    assertFalse(codec.decode(packed.substring(0, packed.length() / 2)).isPresent());
    assertFalse(codec.decode(packed.substring(0, 4) + "\u00ff" + packed.substring(5)).isPresent());
    assertThrows(
        IllegalArgumentException.class,
        () -> CompactJson.unpack("\u0001\u0002\u0003", new byte[] {1}));
  }
}
