package dev.granular.cache.warm;

/**
 * A warming run could not start: one is running ({@code 409}), or the last ended too recently
 * ({@code 429}).
 */
public final class WarmingRefused extends RuntimeException {

  private final int status;
  private final long retryAfterSeconds;

  WarmingRefused(int status, String detail, long retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  /** Seconds until a new run may start, or 0 when unknown. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
