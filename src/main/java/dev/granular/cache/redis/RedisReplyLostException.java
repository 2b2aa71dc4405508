package dev.granular.cache.redis;

import java.nio.channels.ClosedByInterruptException;

/**
 * A command was written to Redis but its reply never came (the connection failed or timed out):
 * unlike {@link CacheUnavailableException}, Redis may have run it. A caller that must not lose what
 * the command wrote, nor apply it twice silently, has to treat the outcome as unknown.
 *
 * <p>The reply may also have been lost to an interrupt of the waiting thread ({@link
 * #byInterrupt}): the outcome is as unknown, but Redis is not to blame, so the {@link RedisCircuit}
 * does not count it as a failure.
 */
public final class RedisReplyLostException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RedisReplyLostException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * True when the waiting thread's interrupt closed the connection (an interruptible channel closes
   * itself).
   */
  public boolean byInterrupt() {
    return getCause() instanceof ClosedByInterruptException;
  }
}
