package dev.granular.cache.hot;

import java.util.List;

/**
 * A key served lately, the tags its entry depended on when it was, and how to read it again (the
 * call that read it, {@link BackgroundRead}). Compared by identity: a key retagged is a new {@code
 * HotKey}.
 */
final class HotKey {

  private final Object key;
  private final List<String> tags;
  private final BackgroundRead read;

  HotKey(Object key, List<String> tags, BackgroundRead read) {
    this.key = key;
    this.tags = tags;
    this.read = read;
  }

  Object key() {
    return key;
  }

  List<String> tags() {
    return tags;
  }

  /** The call that reads the key again. */
  BackgroundRead read() {
    return read;
  }

  HotKey withTags(List<String> current) {
    return new HotKey(key, current, read);
  }

  @Override
  public String toString() {
    return read + " " + key;
  }
}
