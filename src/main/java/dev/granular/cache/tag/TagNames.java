package dev.granular.cache.tag;

import java.nio.charset.StandardCharsets;

/**
 * Makes a tag safe inside a Redis key: braces (Cluster hash tags), the separator, {@code %}, glob characters,
 * whitespace and control characters are percent-encoded, so no tag can reach another tag's key or slot, and no
 * character has a meaning beyond itself.
 */
public final class TagNames {

  private TagNames() {}

  public static String escape(String tag) {
    StringBuilder escaped = new StringBuilder(tag.length());
    for (byte b : tag.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f || "{}%|*?[]\\".indexOf(c) >= 0) {
        escaped.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        escaped.append((char) c);
      }
    }
    return escaped.toString();
  }
}
