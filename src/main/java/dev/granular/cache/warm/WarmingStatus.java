package dev.granular.cache.warm;

/**
 * The state of the latest warming run on this instance. {@code state} is {@code idle}, {@code
 * running}, {@code done}, {@code failed} or {@code skipped} (another instance was warming); {@code
 * loads} counts the cache loads of the warmed cache during the run (keys already cached cost a hit,
 * not a load; other callers' loads count too).
 */
public record WarmingStatus(
    String state,
    String trigger,
    String warmer,
    int requested,
    int total,
    int warmed,
    int failed,
    long loads,
    long startedAt,
    long durationMillis,
    String detail) {

  static WarmingStatus idle() {
    return new WarmingStatus("idle", "", "", 0, 0, 0, 0, 0, 0, 0, "");
  }

  boolean running() {
    return "running".equals(state);
  }
}
