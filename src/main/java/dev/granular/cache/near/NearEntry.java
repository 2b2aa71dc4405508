package dev.granular.cache.near;

import java.util.Set;

/**
 * One near copy: the value, the key it is cached under, the tags it is indexed by and the longest
 * it may live (the time its Redis entry had left). Compared by identity on purpose: removing "this
 * entry" must never remove a newer copy stored under the same key meanwhile.
 */
final class NearEntry {

  private final Object key;
  private final Object value;
  private final Set<String> tags;
  private final long lifetimeNanos;

  NearEntry(Object key, Object value, Set<String> tags, long lifetimeNanos) {
    this.key = key;
    this.value = value;
    this.tags = tags;
    this.lifetimeNanos = lifetimeNanos;
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

  /**
   * How long this copy may be served from its store at most; {@link Long#MAX_VALUE} when only the
   * near TTL caps it.
   */
  long lifetimeNanos() {
    return lifetimeNanos;
  }
}
