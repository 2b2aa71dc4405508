package dev.granular.cache.tag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A tag inside a Redis key: every character with a meaning to Redis (Cluster hash tags, glob
 * patterns), the member separator, {@code %} itself, whitespace, control characters and non-ASCII
 * bytes are percent-encoded.
 */
class TagNamesTest {

  @Test
  void bracesAreEscapedSoATagCannotChooseItsSlot() {
    assertEquals("%7Bproducts%7D", TagNames.escape("{products}"));
  }

  @Test
  void everyCharacterWithAMeaningIsEscaped() {
    assertEquals("%7B", TagNames.escape("{"));
    assertEquals("%7D", TagNames.escape("}"));
    assertEquals("%25", TagNames.escape("%"));
    assertEquals("%7C", TagNames.escape("|"));
    assertEquals("%2A", TagNames.escape("*"));
    assertEquals("%3F", TagNames.escape("?"));
    assertEquals("%5B", TagNames.escape("["));
    assertEquals("%5D", TagNames.escape("]"));
    assertEquals("%5C", TagNames.escape("\\"));
  }

  @Test
  void whitespaceAndControlCharactersAreEscaped() {
    assertEquals("a%20b", TagNames.escape("a b"));
    assertEquals("%09%0A%0D%00", TagNames.escape("\t\n\r\0"));
    assertEquals("%1B%7F", TagNames.escape("\u001b\u007f"));
  }

  @Test
  void nonAsciiIsEscapedByteByByteInUtf8() {
    assertEquals("caf%C3%A9", TagNames.escape("café"));
    assertEquals("%E2%82%AC", TagNames.escape("€"));
    assertEquals("%F0%9F%98%80", TagNames.escape("\uD83D\uDE00"));
    assertEquals("%C2%A0", TagNames.escape("\u00a0"));
  }

  @Test
  void plainNamesAreUnchanged() {
    for (String tag :
        List.of("product:42", "category:7", "user:alice@example.com", "a-b_c.d/e~f=g+h,i;j", "")) {
      assertEquals(tag, TagNames.escape(tag));
    }
  }

  @Test
  void everyOtherPrintableAsciiCharacterIsKept() {
    StringBuilder kept = new StringBuilder();
    for (char c = 0x21; c < 0x7f; c++) {
      if ("{}%|*?[]\\".indexOf(c) < 0) {
        kept.append(c);
      }
    }
    assertEquals(kept.toString(), TagNames.escape(kept.toString()));
  }

  @Test
  void trickyPairsNeverEscapeToTheSameString() {
    List<List<String>> pairs =
        List.of(
            List.of("a{b", "a%7Bb"),
            List.of("%", "%25"),
            List.of("%25", "%2525"),
            List.of("a b", "a%20b"),
            List.of("café", "caf%C3%A9"),
            List.of("x|y", "x%7Cy"),
            List.of("", " "),
            List.of("*", "%2A"),
            List.of("%2a", "*"),
            List.of("{a}", "%7Ba%7D"));
    for (List<String> pair : pairs) {
      assertNotEquals(TagNames.escape(pair.get(0)), TagNames.escape(pair.get(1)), pair.toString());
    }
  }

  @Test
  void escapingCanBeUndoneSoNoTwoTagsShareAnEscapedName() {
    Random random = new Random(42);
    String alphabet = "ab%{}|*?[]\\ \t\n:é€\uD83D\uDE00";
    for (int i = 0; i < 2000; i++) {
      StringBuilder tag = new StringBuilder();
      int length = random.nextInt(8);
      for (int j = 0; j < length; j++) {
        int at = random.nextInt(alphabet.codePointCount(0, alphabet.length()));
        tag.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, at)));
      }
      String escaped = TagNames.escape(tag.toString());
      assertEquals(tag.toString(), unescape(escaped), escaped);
      assertFalse(
          escaped.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || "{}|*?[]\\".indexOf(c) >= 0),
          escaped);
    }
  }

  @Test
  void theOnlyPercentSignsStartAnEscape() {
    assertTrue(TagNames.escape("100%{x}").matches("([^%]|%[0-9A-F]{2})*"));
  }

  /** Percent-decoding: proves escaping is injective on well-formed text. */
  private static String unescape(String escaped) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '%') {
        bytes.write(Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unpairedSurrogatesDoNotCollideWithAQuestionMark() {
    String question = TagNames.escape("?");
    String high = TagNames.escape("\uD800");
    String low = TagNames.escape("\uDC00");
    assertNotEquals(question, high);
    assertNotEquals(question, low);
    assertNotEquals(high, low);
  }
}
