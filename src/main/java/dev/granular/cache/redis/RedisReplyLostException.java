package dev.granular.cache.redis;

/**
 * A command was written to Redis but its reply never came (the connection failed or timed out): unlike
 * {@link CacheUnavailableException}, Redis may have run it. A caller that must not lose what the command wrote, nor
 * apply it twice silently, has to treat the outcome as unknown.
 */
public final class RedisReplyLostException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RedisReplyLostException(String message, Throwable cause) {
    super(message, cause);
  }
}
