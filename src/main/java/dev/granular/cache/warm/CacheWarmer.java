package dev.granular.cache.warm;

import java.util.List;

/**
 * What to load into a cache ahead of demand. An application implements it as a CDI bean; {@link
 * CacheWarming} asks it for the most useful keys and has each one loaded by calling the cached
 * method itself, through its CDI proxy, so the refill locks, tags and the stale-store check apply
 * exactly as for a user's request.
 */
public interface CacheWarmer {

  /** The warmer's name, as used by {@code POST /api/cache/warm?warmer=<name>}. */
  String name();

  /** The cache the warmed method fills, for the statistics. */
  String cacheName();

  /** Up to {@code limit} keys, the most useful first. */
  List<?> keys(int limit);

  /** Loads one key by calling the cached method (a hit when another caller got there first). */
  void warm(Object key);
}
