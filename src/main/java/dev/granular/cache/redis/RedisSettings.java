package dev.granular.cache.redis;

import dev.granular.cache.config.Settings;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Redis: the {@link RedisTopology} ({@code REDIS_MODE}, {@code REDIS_URL},
 * {@code REDIS_SENTINEL_MASTER} or a Redisson YAML file in {@code REDIS_CONFIG_FILE}), {@code REDIS_USERNAME} (an
 * ACL user) and {@code REDIS_PASSWORD}, and the command and connect timeouts {@code cache.redis.timeout} (default
 * 500 ms) and {@code cache.redis.connect-timeout} (default 1000 ms): short, since an outage must not stall requests.
 */
public record RedisSettings(
    RedisTopology topology,
    Optional<String> username,
    Optional<String> password,
    int timeoutMillis,
    int connectTimeoutMillis) {

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
        (int) Settings.getDuration("cache.redis.connect-timeout", Duration.ofMillis(1000)).toMillis());
  }

  /** Where the client connects, with any password masked, for logs. */
  public String safeDescription() {
    return topology.mode().name().toLowerCase() + " " + topology.safeAddresses()
        + topology.sentinelMaster().map(m -> " (master " + m + ")").orElse("");
  }
}
