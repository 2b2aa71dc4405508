package dev.granular.catalog.products.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimedBatchTest {

  @Test
  void countsComeFromTheHashFields() {
    ClaimedBatch batch = ClaimedBatch.of("b1", Map.of("7", "3", "42", "10"));

    assertEquals(Map.of(7L, 3L, 42L, 10L), batch.counts());
    assertEquals(13, batch.views());
    assertEquals("b1 (2 products, 13 views)", batch.toString());
  }

  @Test
  void unreadableOrEmptyFieldsAreSkipped() {
    ClaimedBatch batch =
        ClaimedBatch.of("b2", Map.of("x", "3", "5", "many", "6", "0", "8", "-2", "9", "1"));

    assertEquals(Map.of(9L, 1L), batch.counts());
  }

  @Test
  void aBatchThatIsGoneIsEmpty() {
    assertTrue(ClaimedBatch.of("b3", Map.of()).isEmpty());
  }

  @Test
  void partsCutTheBatchInIdOrderWithIdsOfTheirOwn() {
    Map<String, String> fields = new java.util.HashMap<>();
    for (int product = 1; product <= 250; product++) {
      fields.put(String.valueOf(product), String.valueOf(product % 3 + 1));
    }
    ClaimedBatch batch = ClaimedBatch.of("b4", fields);

    List<ClaimedBatch> parts = batch.parts(100);

    assertEquals(List.of("b4/0", "b4/1", "b4/2"), parts.stream().map(ClaimedBatch::id).toList());
    assertEquals(List.of(100, 100, 50), parts.stream().map(part -> part.counts().size()).toList());
    assertEquals(1L, parts.get(0).counts().keySet().iterator().next());
    assertEquals(101L, parts.get(1).counts().keySet().iterator().next());
    assertEquals(250L, ((java.util.SortedMap<Long, Long>) parts.get(2).counts()).lastKey());
    assertEquals(batch.views(), parts.stream().mapToLong(ClaimedBatch::views).sum());
  }

  @Test
  void everyInstanceCutsABatchIntoTheSameParts() {
    ClaimedBatch one = ClaimedBatch.of("b5", Map.of("9", "1", "3", "2", "7", "4"));
    ClaimedBatch other = ClaimedBatch.of("b5", Map.of("7", "4", "9", "1", "3", "2"));

    assertEquals(one.parts(2), other.parts(2));
    assertEquals(
        List.of(Map.of(3L, 2L, 7L, 4L), Map.of(9L, 1L)),
        one.parts(2).stream().map(ClaimedBatch::counts).toList());
  }

  @Test
  void anEmptyBatchHasNoParts() {
    assertTrue(ClaimedBatch.of("b6", Map.of()).parts(100).isEmpty());
    assertThrows(
        IllegalArgumentException.class, () -> ClaimedBatch.of("b7", Map.of("1", "1")).parts(0));
  }
}
