package dev.granular.catalog.products.views;

import dev.granular.cache.config.Settings;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * A demo and test hook: {@code DEMO_VIEWS_FLUSH_PAUSE} ({@code after-claim} or {@code
 * after-commit}) makes the flusher sleep {@code DEMO_VIEWS_FLUSH_PAUSE_MS} (default 60 s) at that
 * point of every batch, logging a line first, so that a test can kill the instance while it holds a
 * claimed batch. Off unless configured.
 */
public record ViewFlushPause(Stage stage, long millis) {

  private static final Logger LOG = Logger.getLogger(ViewFlushPause.class.getName());

  /** Where in the flush of a batch to pause. */
  public enum Stage {
    NONE,
    /** Claimed and read from Redis, nothing written to the database yet. */
    AFTER_CLAIM,
    /** Committed to the database, still listed in Redis. */
    AFTER_COMMIT
  }

  public static ViewFlushPause fromConfiguration() {
    return parse(
        Settings.get("DEMO_VIEWS_FLUSH_PAUSE", ""),
        Settings.getLong("DEMO_VIEWS_FLUSH_PAUSE_MS", 60_000));
  }

  static ViewFlushPause parse(String stage, long millis) {
    String name = stage.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    if (name.isEmpty()) {
      return new ViewFlushPause(Stage.NONE, 0);
    }
    try {
      Stage parsed = Stage.valueOf(name);
      return new ViewFlushPause(parsed, parsed == Stage.NONE ? 0 : Math.max(0, millis));
    } catch (IllegalArgumentException e) {
      LOG.warning(
          () ->
              "Ignoring DEMO_VIEWS_FLUSH_PAUSE="
                  + stage
                  + ": expected after-claim or after-commit");
      return new ViewFlushPause(Stage.NONE, 0);
    }
  }

  /** Sleeps when {@code reached} is the configured stage. */
  void at(Stage reached, ClaimedBatch batch) {
    if (reached != stage || millis == 0) {
      return;
    }
    String where = reached == Stage.AFTER_CLAIM ? "claimed" : "committed";
    LOG.info(
        () ->
            "views batch "
                + batch
                + " "
                + where
                + "; pausing "
                + millis
                + " ms (DEMO_VIEWS_FLUSH_PAUSE)");
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
