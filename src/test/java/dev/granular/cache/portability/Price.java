package dev.granular.cache.portability;

/**
 * What the test catalog caches: a record, so a hit proves the JSON comes back as the method's own
 * type.
 */
public record Price(String sku, long cents) {}
