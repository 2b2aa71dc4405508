package dev.granular.cache.tag;

/** A tag and how many cache entries depend on it. */
public record TagGroupSize(String tag, long entries) {}
