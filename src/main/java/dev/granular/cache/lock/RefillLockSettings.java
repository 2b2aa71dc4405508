package dev.granular.cache.lock;

import dev.granular.cache.config.Settings;
import java.time.Duration;

/**
 * How a cache's misses are locked, from configuration: {@code cache.<name>.refill-lock.enabled}
 * (default {@code cache.refill-lock.enabled}, true), {@code .wait} (default {@code
 * cache.refill-lock.wait}, 2 s: about a slow load's p99) and {@code .lease} (default {@code
 * cache.refill-lock.lease}, 10 s: longer than any load should take). A method's {@link
 * RefillLocked} overrides them.
 */
public record RefillLockSettings(boolean enabled, Duration maxWait, Duration lease) {

  public static RefillLockSettings of(String cacheName, RefillLocked override) {
    String prefix = "cache." + cacheName + ".refill-lock.";
    boolean enabled =
        Settings.getBoolean(
            prefix + "enabled", Settings.getBoolean("cache.refill-lock.enabled", true));
    Duration wait =
        Settings.getDuration(
            prefix + "wait", Settings.getDuration("cache.refill-lock.wait", Duration.ofSeconds(2)));
    Duration lease =
        Settings.getDuration(
            prefix + "lease",
            Settings.getDuration("cache.refill-lock.lease", Duration.ofSeconds(10)));
    if (override != null) {
      enabled = override.enabled();
      wait = override.waitMillis() >= 0 ? Duration.ofMillis(override.waitMillis()) : wait;
      lease = override.leaseMillis() > 0 ? Duration.ofMillis(override.leaseMillis()) : lease;
    }
    return new RefillLockSettings(enabled, wait, lease);
  }
}
