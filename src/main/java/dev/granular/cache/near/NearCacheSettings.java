package dev.granular.cache.near;

import dev.granular.cache.config.Settings;
import java.time.Duration;

/**
 * The near cache settings of one logical cache, each read as {@code cache.<name>.near...} and
 * falling back to {@code cache.default.near...}:
 *
 * <ul>
 *   <li>{@code near} (default {@code false}): keep an in-process copy of valid entries in front of
 *       Redis.
 *   <li>{@code near.max-entries} (default {@code 10000}): the bound of the copy; the least valuable
 *       entries go first.
 *   <li>{@code near.ttl} (default {@code 1m}): how long a copy is served at most. Invalidations
 *       reach it long before; the TTL only caps the damage of a message lost without the
 *       subscription noticing.
 * </ul>
 */
public record NearCacheSettings(boolean enabled, long maxEntries, Duration ttl) {

  public static final NearCacheSettings OFF = new NearCacheSettings(false, 0, Duration.ZERO);

  public static NearCacheSettings of(String name) {
    boolean enabled =
        Settings.getBoolean(
            "cache." + name + ".near", Settings.getBoolean("cache.default.near", false));
    if (!enabled) {
      return OFF;
    }
    long maxEntries =
        Settings.getLong(
            "cache." + name + ".near.max-entries",
            Settings.getLong("cache.default.near.max-entries", 10_000));
    Duration general = Settings.getDuration("cache.default.near.ttl", Duration.ofMinutes(1));
    Duration ttl = Settings.getDuration("cache." + name + ".near.ttl", general);
    if (maxEntries <= 0 || ttl.isZero() || ttl.isNegative()) {
      return OFF;
    }
    return new NearCacheSettings(true, maxEntries, ttl);
  }
}
