package dev.granular.cache.redis;

import dev.granular.cache.config.Settings;
import java.util.Optional;

/**
 * How to reach Redis: {@code REDIS_URL} ({@code redis://host:port}, or {@code rediss://} for TLS; default
 * {@code redis://127.0.0.1:6379}), {@code REDIS_USERNAME} (an ACL user) and {@code REDIS_PASSWORD}, and the command and connect timeouts {@code cache.redis.timeout} (default 500 ms) and
 * {@code cache.redis.connect-timeout} (default 1000 ms): short, since an outage must not stall requests.
 */
public record RedisSettings(
    String url,
    Optional<String> username,
    Optional<String> password,
    int timeoutMillis,
    int connectTimeoutMillis) {

  public static RedisSettings fromConfiguration() {
    return new RedisSettings(
        Settings.get("REDIS_URL", "redis://127.0.0.1:6379"),
        Settings.get("REDIS_USERNAME"),
        Settings.get("REDIS_PASSWORD"),
        (int) Settings.getDuration("cache.redis.timeout", java.time.Duration.ofMillis(500)).toMillis(),
        (int)
            Settings.getDuration("cache.redis.connect-timeout", java.time.Duration.ofMillis(1000))
                .toMillis());
  }

  /** The URL with any password masked, for logs. */
  public String safeUrl() {
    return url.replaceAll("//[^@/]*@", "//***@");
  }
}
