package dev.granular.catalog.products.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    ClaimedBatch batch = ClaimedBatch.of("b2", Map.of("x", "3", "5", "many", "6", "0", "8", "-2", "9", "1"));

    assertEquals(Map.of(9L, 1L), batch.counts());
  }

  @Test
  void aBatchThatIsGoneIsEmpty() {
    assertTrue(ClaimedBatch.of("b3", Map.of()).isEmpty());
  }
}
