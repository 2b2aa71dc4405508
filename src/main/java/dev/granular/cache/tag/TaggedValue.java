package dev.granular.cache.tag;

import java.util.Map;

/**
 * A cached value together with the versions its tags had when it was loaded. It is served only
 * while every tag still has that version: invalidating a tag gives it a new version, which voids
 * the value everywhere at once.
 */
public record TaggedValue(Map<String, String> versions, Object value) {

  public TaggedValue {
    versions = Map.copyOf(versions);
  }
}
