package dev.granular.cache.tag;

import java.util.List;

/**
 * A tagged value as the cache gives it back: the value, the tags it declared ({@code @CacheTags},
 * without the implicit ones of {@link EntryTags}, which follow from its cache and key) and the
 * {@link VersionDigest} of the versions all its tags had when it was stored. It is served only
 * while the digest of their current versions is the same.
 */
public record DigestedValue(String digest, List<String> declaredTags, Object value) {

  public DigestedValue {
    declaredTags = List.copyOf(declaredTags);
  }
}
