package dev.granular.platform;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link PlainText}, code point by code point. */
public class PlainTextValidator implements ConstraintValidator<PlainText, String> {

  private boolean multiline;

  @Override
  public void initialize(PlainText annotation) {
    multiline = annotation.multiline();
  }

  @Override
  public boolean isValid(String text, ConstraintValidatorContext context) {
    if (text == null) {
      return true;
    }
    boolean visible = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (!allowed(c)) {
        return false;
      }
      visible |=
          !Character.isWhitespace(c)
              && !Character.isSpaceChar(c)
              && Character.getType(c) != Character.FORMAT;
    }
    return multiline || visible;
  }

  private boolean allowed(int c) {
    if (multiline && (c == '\t' || c == '\n' || c == '\r')) {
      return true;
    }
    int type = Character.getType(c);
    return type != Character.CONTROL
        && type != Character.SURROGATE
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR;
  }
}
