package dev.granular.cache.tag;

import java.util.List;

/**
 * The header of a stored tagged entry, read without decoding its value: the {@link VersionDigest}
 * of its tags' versions when it was stored and the tags it declared (without the implicit ones of
 * {@link EntryTags}). Enough to tell whether the entry is still current, whatever the type of its
 * value.
 */
public record TagHeader(String digest, List<String> declaredTags) {

  public TagHeader {
    declaredTags = List.copyOf(declaredTags);
  }
}
