package dev.granular.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BodySizeLimitTest {

  @Test
  void announcedLengths() {
    assertFalse(BodySizeLimit.announcedTooLarge(null), "chunked: checked while reading");
    assertFalse(BodySizeLimit.announcedTooLarge("1048576"));
    assertTrue(BodySizeLimit.announcedTooLarge("1048577"));
    assertFalse(
        BodySizeLimit.announcedTooLarge("39,39"),
        "a repeated header joined into a list (Open Liberty)");
    assertFalse(BodySizeLimit.announcedTooLarge(" 39 , 39 "));
    assertTrue(BodySizeLimit.announcedTooLarge("39,40"), "conflicting lengths are malformed");
    assertTrue(BodySizeLimit.announcedTooLarge("2000000,2000000"));
    assertTrue(BodySizeLimit.announcedTooLarge("12a"));
    assertTrue(BodySizeLimit.announcedTooLarge(""));
  }
}
