package dev.granular.cache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The readable Redis entry name of a key: its parameters as JSON, joined by commas. */
class CacheKeyEncoderTest {

  private static Jsonb jsonb;
  private static CacheKeyEncoder encoder;

  @BeforeAll
  static void createEncoder() {
    jsonb = JsonbBuilder.create();
    encoder = new CacheKeyEncoder(jsonb);
  }

  @AfterAll
  static void closeJsonb() throws Exception {
    jsonb.close();
  }

  private static ParametersCacheKey key(Object... parameters) {
    return new ParametersCacheKey(parameters);
  }

  @Test
  void aNumberIsItsDigits() {
    assertEquals("42", encoder.encode(key(42L)));
  }

  @Test
  void aStringIsQuoted() {
    assertEquals("\"42\"", encoder.encode(key("42")));
  }

  @Test
  void severalParametersAreCommaJoinedJson() {
    assertEquals("7,\"en\",true,null", encoder.encode(key(7, "en", true, null)));
  }

  @Test
  void structuredParametersAreTheirJson() {
    assertEquals("[1,2],\"x\"", encoder.encode(key(List.of(1, 2), "x")));
  }

  @Test
  void aKeyOfAnotherTypeIsItsJson() {
    assertEquals("\"plain\"", encoder.encode("plain"));
  }

  @Test
  void theShortcutsForNumbersAndPlainStringsWriteWhatJsonBWrites() {
    jakarta.json.bind.Jsonb jsonb = dev.granular.cache.redis.JsonValueCodec.jsonb();
    CacheKeyEncoder encoder = new CacheKeyEncoder(jsonb);
    for (Object key :
        java.util.List.of(
            0L,
            -5L,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            42,
            -1,
            (short) 3,
            (byte) 1,
            "en",
            "",
            "a b",
            "x/y",
            "<a&'b>",
            "~!@#$%^*()_+-=[]{}|;:,.?`")) {
      org.junit.jupiter.api.Assertions.assertEquals(
          jsonb.toJson(key), encoder.encode(key), String.valueOf(key));
    }
  }
}
