package dev.granular.cache.redis;

/**
 * How an exception is kept in an exception cache: its class name and message, never the serialized object. It is
 * turned back into an exception only when that class is one the operation declared it caches.
 */
public record CachedException(String type, String message) {}
