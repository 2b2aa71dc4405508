package dev.granular.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class PlainTextValidatorTest {

  private static PlainTextValidator validator(boolean multiline) {
    PlainTextValidator validator = new PlainTextValidator();
    validator.initialize(
        new PlainText() {
          @Override
          public boolean multiline() {
            return multiline;
          }

          @Override
          public String message() {
            return "";
          }

          @Override
          public Class<?>[] groups() {
            return new Class<?>[0];
          }

          @SuppressWarnings("unchecked")
          @Override
          public Class<? extends jakarta.validation.Payload>[] payload() {
            return new Class[0];
          }

          @Override
          public Class<? extends Annotation> annotationType() {
            return PlainText.class;
          }
        });
    return validator;
  }

  private final PlainTextValidator line = validator(false);
  private final PlainTextValidator text = validator(true);

  @Test
  void acceptsOrdinaryUnicode() {
    for (String ok :
        new String[] {
          "Café 東京",
          "Cafe\u0301",
          "😀 👩\u200D💻",
          "مرحبا",
          "* ? [ ] { }",
          "<b>'\"\\%00",
          "\uFFFD",
          "a\u00A0b"
        }) {
      assertTrue(line.isValid(ok, null), ok);
      assertTrue(text.isValid(ok, null), ok);
    }
    assertTrue(line.isValid(null, null));
  }

  @Test
  void refusesControlCharactersLoneSurrogatesAndLineSeparators() {
    for (String bad :
        new String[] {
          "a\u0000b",
          "a\u0007",
          "\u001b[31mred",
          "a\u007F",
          "a\u0085b",
          "a\u2028b",
          "a\u2029b",
          "a\uD800",
          "\uDC00b"
        }) {
      assertFalse(line.isValid(bad, null), bad);
      assertFalse(text.isValid(bad, null), bad);
    }
  }

  @Test
  void lineBreaksAndTabsOnlyInMultilineText() {
    assertFalse(line.isValid("a\nb", null));
    assertFalse(line.isValid("a\tb", null));
    assertFalse(line.isValid("a\r\nb", null));
    assertTrue(text.isValid("a\nb\r\n\tc", null));
  }

  @Test
  void singleLineTextMustShowSomething() {
    assertFalse(line.isValid("", null));
    assertFalse(line.isValid("\u3000", null));
    assertFalse(line.isValid("\u2003 \u00A0", null));
    assertFalse(line.isValid("\u200B\uFEFF", null));
    assertTrue(text.isValid("\u3000", null));
    assertTrue(line.isValid("\u200Bx", null));
  }
}
