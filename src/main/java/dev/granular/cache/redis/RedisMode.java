package dev.granular.cache.redis;

import java.util.Locale;

/**
 * How Redis is deployed: one server ({@code single}, the default), a master with replicas watched
 * by Sentinels ({@code sentinel}), or a Redis Cluster ({@code cluster}). Chosen with {@code
 * REDIS_MODE} (or {@code redis.mode}).
 */
public enum RedisMode {
  SINGLE,
  SENTINEL,
  CLUSTER;

  /**
   * The mode named by {@code text} (any case); a bad value fails with a message naming {@code key}.
   */
  static RedisMode parse(String key, String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new RedisConfigurationException(
          key + "=" + text + " is not a Redis mode: use single, sentinel or cluster");
    }
  }
}
