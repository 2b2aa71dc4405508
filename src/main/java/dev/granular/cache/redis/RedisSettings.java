package dev.granular.cache.redis;

import dev.granular.cache.config.Settings;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Redis: the {@link RedisTopology} ({@code REDIS_MODE}, {@code REDIS_URL}, {@code
 * REDIS_SENTINEL_MASTER} or a Redisson YAML file in {@code REDIS_CONFIG_FILE}), {@code
 * REDIS_USERNAME} (an ACL user) and {@code REDIS_PASSWORD}, and the command and connect timeouts
 * {@code cache.redis.timeout} (default 500 ms) and {@code cache.redis.connect-timeout} (default
 * 1000 ms): short, since an outage must not stall requests. {@code cache.redis.netty-threads} sizes
 * the client's I/O event loops (default: twice the available processors, at least 2; Redisson's own
 * default is 32 whatever the machine).
 */
public record RedisSettings(
    RedisTopology topology,
    Optional<String> username,
    Optional<String> password,
    int timeoutMillis,
    int connectTimeoutMillis,
    int nettyThreads) {

  /**
   * Twice the processors, at least 2. Every Redis command's reply wakes the event loop that owns
   * its connection; with Redisson's 32 loops on a small machine almost every reply wakes a sleeping
   * thread of its own, and those wake-ups cost a cache hit more than the command (measured with
   * {@code mvn -Pbench}; see the README).
   */
  static int defaultNettyThreads() {
    return Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * The settings of this application.
   *
   * @throws RedisConfigurationException when a value cannot work; the message names the key
   */
  public static RedisSettings fromConfiguration() {
    return new RedisSettings(
        RedisTopology.parse(Settings::get),
        Settings.get("REDIS_USERNAME"),
        Settings.get("REDIS_PASSWORD"),
        (int) Settings.getDuration("cache.redis.timeout", Duration.ofMillis(500)).toMillis(),
        (int)
            Settings.getDuration("cache.redis.connect-timeout", Duration.ofMillis(1000)).toMillis(),
        (int) Settings.getLong("cache.redis.netty-threads", defaultNettyThreads()));
  }

  /** Where the client connects, with any password masked, for logs. */
  public String safeDescription() {
    return topology.mode().name().toLowerCase()
        + " "
        + topology.safeAddresses()
        + topology.sentinelMaster().map(m -> " (master " + m + ")").orElse("");
  }
}
