package dev.granular.cache.hot;

import dev.granular.cache.config.Settings;

/**
 * The background reads' setting: {@code cache.background-reads.threads} (default 1, from 1 to 64).
 */
final class BackgroundReadSettings {

  private BackgroundReadSettings() {}

  /** How many threads run the background reads. */
  static int threads() {
    return (int) Math.max(1, Math.min(64, Settings.getLong("cache.background-reads.threads", 1)));
  }
}
