package dev.granular.cache.redis;

import dev.granular.cache.NullValue;
import dev.granular.cache.tag.DigestedValue;
import dev.granular.cache.tag.EntryTags;
import dev.granular.cache.tag.TagHeader;
import dev.granular.cache.tag.TaggedValue;
import dev.granular.cache.tag.VersionDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The payloads a {@link JsonCache} stores in Redis: a value as its JSON ({@link JsonValueCodec}),
 * {@link NullValue} as a marker, and a {@link TaggedValue} as its value behind a header of its
 * versions' digest and declared tags, read back as a {@link DigestedValue}.
 */
final class TaggedPayloads {

  /** Stored for {@link NullValue}: not JSON, so no encoded value can collide with it. */
  static final String NULL_MARKER = "~null";

  /**
   * Starts a {@link TaggedValue}: {@code ~v<digest>[\t<declared tag>]*\n<value>}, read back as a
   * {@link DigestedValue}. The versions themselves are not stored, only their {@link
   * VersionDigest}: about 15 bytes instead of 40 per tag. JSON-B writes no raw newline, and tags
   * are escaped ({@code %}, tab and newline).
   */
  static final String TAGGED_PREFIX = "~v";

  private TaggedPayloads() {}

  /**
   * The payload that stands for {@code value}, its plain value's JSON written by {@code values}.
   */
  static String encode(Object value, JsonValueCodec values) {
    if (value instanceof TaggedValue tagged) {
      StringBuilder stored =
          new StringBuilder(TAGGED_PREFIX).append(VersionDigest.of(tagged.versions()));
      for (String tag : new TreeSet<>(tagged.versions().keySet())) {
        if (!EntryTags.isImplicit(tag)) {
          stored.append('\t').append(escapeTag(tag));
        }
      }
      return stored.append('\n').append(encode(tagged.value(), values)).toString();
    }
    return value instanceof NullValue ? NULL_MARKER : values.encode(value);
  }

  /**
   * The value a raw payload stands for: a {@link DigestedValue} for a tagged one, {@link NullValue}
   * for the marker, null for an absent or unreadable one; a plain value's JSON read by {@code
   * values}.
   */
  static Object decode(String json, JsonValueCodec values) {
    if (json == null) {
      return null;
    }
    if (json.startsWith(TAGGED_PREFIX)) {
      return decodeTagged(json, values);
    }
    return NULL_MARKER.equals(json) ? NullValue.INSTANCE : values.decode(json).orElse(null);
  }

  private static Object decodeTagged(String stored, JsonValueCodec values) {
    TagHeader header = headerOf(stored);
    if (header == null) {
      return null;
    }
    Object value = decode(stored.substring(stored.indexOf('\n') + 1), values);
    return value == null || value instanceof DigestedValue
        ? null
        : new DigestedValue(header.digest(), header.declaredTags(), value);
  }

  /**
   * The header of a tagged payload, its value left undecoded; null for a payload that is not tagged
   * or not readable. For code that judges a stored entry's validity without the type of its value
   * (the tag clean-up).
   */
  static TagHeader headerOf(String payload) {
    if (payload == null || !payload.startsWith(TAGGED_PREFIX)) {
      return null;
    }
    int newline = payload.indexOf('\n');
    if (newline < 0) {
      return null;
    }
    String[] header = payload.substring(TAGGED_PREFIX.length(), newline).split("\t", -1);
    if (header[0].isEmpty()) {
      return null;
    }
    List<String> declared = new ArrayList<>(header.length - 1);
    for (int i = 1; i < header.length; i++) {
      declared.add(unescapeTag(header[i]));
    }
    return new TagHeader(header[0], declared);
  }

  private static String escapeTag(String tag) {
    return tag.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A");
  }

  private static String unescapeTag(String escaped) {
    return escaped.replace("%0A", "\n").replace("%09", "\t").replace("%25", "%");
  }
}
