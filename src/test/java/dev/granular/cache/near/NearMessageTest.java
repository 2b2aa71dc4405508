package dev.granular.cache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearMessageTest {

  @Test
  void tagsSurviveTheRoundTripWhateverTheirCharacters() {
    List<String> tags = List.of("product:42", "#products:\"en\"", "a:b\n12:c", "", "東京 ☕");
    assertEquals(tags, NearMessage.decode(NearMessage.encode(tags)));
  }

  @Test
  void aProbeIsToldApartFromAnInvalidation() {
    assertEquals("abc", NearMessage.probeToken(NearMessage.decode(NearMessage.probe("abc"))));
    assertNull(NearMessage.probeToken(List.of("product:1")));
  }

  @Test
  void anUnreadableMessageDecodesToNull() {
    assertNull(NearMessage.decode("7:short"));
    assertNull(NearMessage.decode("x:y"));
  }
}
