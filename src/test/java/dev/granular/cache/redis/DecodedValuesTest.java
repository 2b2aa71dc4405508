package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecodedValuesTest {

  public enum Status {
    ON,
    OFF
  }

  public record Price(BigDecimal amount, String currency) {}

  public record Item(
      long id, String name, Price price, Instant updatedAt, Status status, Integer rank) {}

  public record WithList(long id, List<String> names) {}

  public record WithArray(long id, byte[] bytes) {}

  static final class Mutable {
    public long id;
  }

  @Test
  void recordsOfValuesAllTheWayDownAreDeeplyImmutable() {
    assertTrue(ImmutableTypes.isDeeplyImmutable(Item.class));
    assertTrue(ImmutableTypes.isDeeplyImmutable(String.class));
    assertTrue(ImmutableTypes.isDeeplyImmutable(long.class));
    assertTrue(ImmutableTypes.isDeeplyImmutable(Status.class));
  }

  @Test
  void collectionsArraysClassesAndRecordsHoldingThemAreNot() {
    assertFalse(
        ImmutableTypes.isDeeplyImmutable(WithList.class), "JSON-B decodes a List as an ArrayList");
    assertFalse(ImmutableTypes.isDeeplyImmutable(WithArray.class));
    assertFalse(ImmutableTypes.isDeeplyImmutable(Mutable.class));
    assertFalse(ImmutableTypes.isDeeplyImmutable(List.class));
    assertFalse(ImmutableTypes.isDeeplyImmutable(Map.class));
    assertFalse(ImmutableTypes.isDeeplyImmutable(Object.class));
  }

  @Test
  void aSlotGivesBackOnlyTheValueOfExactlyItsPayload() {
    DecodedValues values = new DecodedValues(4);
    Object value = new Object();
    values.put("{\"id\":1}", value);

    assertSame(value, values.get(new String("{\"id\":1}")), "an equal payload read again");
    assertNull(values.get("{\"id\":2}"));
  }

  @Test
  void aLongPayloadIsNotKept() {
    DecodedValues values = new DecodedValues(4);
    String large = "x".repeat(DecodedValues.MAX_PAYLOAD + 1);
    values.put(large, new Object());

    assertNull(values.get(large));
  }

  @Test
  void theSlotCountMustBeAPowerOfTwo() {
    assertThrows(IllegalArgumentException.class, () -> new DecodedValues(3));
  }

  @Test
  void theCodecDecodesAPayloadOfAnImmutableTypeOnceAndShares() {
    JsonValueCodec codec = new JsonValueCodec(Item.class, true);
    Item item =
        new Item(
            7,
            "A product with a long enough name to be packed",
            new Price(new BigDecimal("19.99"), "EUR"),
            Instant.parse("2026-12-03T10:00:00Z"),
            Status.ON,
            3);
    String payload = codec.encode(item);

    Object first = codec.decode(payload).orElseThrow();
    Object again = codec.decode(new String(payload)).orElseThrow();

    assertEquals(item, first);
    assertSame(first, again);
  }

  @Test
  void theCodecDecodesMutableValuesAfreshEveryTime() {
    JsonValueCodec codec = new JsonValueCodec(WithList.class);
    String payload = codec.encode(new WithList(1, List.of("a")));

    Object first = codec.decode(payload).orElseThrow();
    Object again = codec.decode(payload).orElseThrow();

    assertEquals(first, again);
    assertNotSame(first, again);
  }

  @Test
  void anUnreadablePayloadStaysAMiss() {
    JsonValueCodec codec = new JsonValueCodec(Item.class);

    assertEquals(Optional.empty(), codec.decode("{not json"));
    assertEquals(Optional.empty(), codec.decode("{not json"));
  }
}
