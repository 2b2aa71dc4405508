package dev.granular.cache.near;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The text of an invalidation message: each tag as {@code <length>:<tag>}, so any character may
 * appear in a tag. A probe (which a channel sends to itself to prove that its subscription
 * delivers) is a message whose only tag starts with {@value #PROBE_PREFIX}; no application or entry
 * tag does.
 */
public final class NearMessage {

  static final String PROBE_PREFIX = "~near-probe:";

  private NearMessage() {}

  public static String encode(Collection<String> tags) {
    StringBuilder text = new StringBuilder();
    for (String tag : tags) {
      text.append(tag.length()).append(':').append(tag);
    }
    return text.toString();
  }

  /**
   * The tags of a message; an unreadable one yields null (treat it as "anything may have changed").
   */
  public static List<String> decode(String text) {
    List<String> tags = new ArrayList<>();
    int at = 0;
    try {
      while (at < text.length()) {
        int colon = text.indexOf(':', at);
        int length = Integer.parseInt(text.substring(at, colon));
        tags.add(text.substring(colon + 1, colon + 1 + length));
        at = colon + 1 + length;
      }
    } catch (RuntimeException e) {
      return null;
    }
    return tags;
  }

  static String probe(String token) {
    return encode(List.of(PROBE_PREFIX + token));
  }

  /** The token of a probe, or null when {@code tags} are an invalidation. */
  static String probeToken(List<String> tags) {
    return tags.size() == 1 && tags.get(0).startsWith(PROBE_PREFIX)
        ? tags.get(0).substring(PROBE_PREFIX.length())
        : null;
  }
}
