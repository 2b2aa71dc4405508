package dev.granular.cache.near;

import java.util.Set;

/**
 * One near copy: the value, the key it is cached under and the tags it is indexed by. Compared by identity on
 * purpose: removing "this entry" must never remove a newer copy stored under the same key meanwhile.
 */
final class NearEntry {

  private final Object key;
  private final Object value;
  private final Set<String> tags;

  NearEntry(Object key, Object value, Set<String> tags) {
    this.key = key;
    this.value = value;
    this.tags = tags;
  }

  Object key() {
    return key;
  }

  Object value() {
    return value;
  }

  Set<String> tags() {
    return tags;
  }
}
