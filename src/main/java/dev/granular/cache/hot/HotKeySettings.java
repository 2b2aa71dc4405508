package dev.granular.cache.hot;

import dev.granular.cache.config.Settings;
import java.time.Duration;

/**
 * Refresh after invalidation, per cache, read as {@code cache.<name>.<setting>} and falling back to
 * {@code cache.default.<setting>}:
 *
 * <ul>
 *   <li>{@code refresh-after-invalidation} (default {@code 0}: off): how many hot keys this
 *       instance remembers for the cache, the most often read kept when there are more.
 *   <li>{@code refresh-after-invalidation.window} (default {@code 1m}): a key is hot while it was
 *       served (a hit) within this long.
 * </ul>
 */
public record HotKeySettings(int maxKeys, Duration window) {

  public static final HotKeySettings OFF = new HotKeySettings(0, Duration.ZERO);

  public static HotKeySettings of(String cacheName) {
    String own = "cache." + cacheName + ".refresh-after-invalidation";
    String general = "cache.default.refresh-after-invalidation";
    long maxKeys = Settings.getLong(own, Settings.getLong(general, 0));
    Duration window =
        Settings.getDuration(
            own + ".window", Settings.getDuration(general + ".window", Duration.ofMinutes(1)));
    if (maxKeys <= 0 || window.isZero() || window.isNegative()) {
      return OFF;
    }
    return new HotKeySettings((int) Math.min(maxKeys, 1_000_000), window);
  }

  public boolean enabled() {
    return maxKeys > 0;
  }
}
