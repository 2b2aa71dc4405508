package dev.granular.cache.tag;

import java.nio.charset.StandardCharsets;

/**
 * Makes a tag safe inside a Redis key: braces (Cluster hash tags), the separator, {@code %}, glob
 * characters, whitespace and control characters are percent-encoded, so no tag can reach another
 * tag's key or slot, and no character has a meaning beyond itself.
 */
public final class TagNames {

  private TagNames() {}

  public static String escape(String tag) {
    if (isPlain(tag)) {
      return tag; // the usual tag (product:42): nothing to escape, and this runs for every tag of
      // every cache hit
    }
    StringBuilder escaped = new StringBuilder(tag.length());
    tag.codePoints()
        .forEach(
            codePoint -> {
              if (Character.getType(codePoint) == Character.SURROGATE) {
                // An unpaired surrogate has no UTF-8 form; give it its own escape instead of '?'.
                escaped.append("%U").append(String.format("%04X", codePoint));
                return;
              }
              for (byte b :
                  new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                append(escaped, b & 0xff);
              }
            });
    return escaped.toString();
  }

  private static boolean isPlain(String tag) {
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "{}%|*?[]\\".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static void append(StringBuilder escaped, int c) {
    if (c <= 0x20 || c >= 0x7f || "{}%|*?[]\\".indexOf(c) >= 0) {
      escaped.append('%').append(String.format("%02X", c));
    } else {
      escaped.append((char) c);
    }
  }
}
