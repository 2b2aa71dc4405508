package dev.granular.cache;

/**
 * Stands for "the method returned null" in a cache, which JCache itself cannot hold. A cache that
 * supports it (the library's JSON caches) stores it as a marker with the cache's short negative TTL
 * and returns it on a hit; the interceptor turns it back into {@code null}.
 */
public final class NullValue {

  public static final NullValue INSTANCE = new NullValue();

  private NullValue() {}

  @Override
  public String toString() {
    return "NullValue";
  }
}
