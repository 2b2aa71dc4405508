package dev.granular.cache.tag;

import java.util.Set;

/** Tags were invalidated; fired after Redis accepted the new versions. */
public record TagsInvalidated(Set<String> tags, long nanos) {}
