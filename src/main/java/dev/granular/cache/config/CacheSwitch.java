package dev.granular.cache.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether caching is on for a cache: {@code cache.<name>.enabled}, falling back to {@code
 * cache.enabled} (default {@code true}). Off, the interceptors call the method and nothing else:
 * the baseline that benchmarks compare against, and an emergency switch. Read once per cache name.
 */
public final class CacheSwitch {

  private static final Map<String, Boolean> ENABLED = new ConcurrentHashMap<>();

  private CacheSwitch() {}

  public static boolean enabled(String cacheName) {
    return ENABLED.computeIfAbsent(
        cacheName,
        name ->
            Settings.getBoolean(
                "cache." + name + ".enabled", Settings.getBoolean("cache.enabled", true)));
  }
}
