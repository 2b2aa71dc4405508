package dev.granular.cache.redis;

/**
 * The calling thread was interrupted while it waited on a direct connection to Redis: the
 * connection is closed (an interruptible channel closes itself then) and the call did not complete,
 * but Redis is not to blame, so the {@link RedisCircuit} does not count it as a failure. The caller
 * goes on without the cache, as for any {@link CacheUnavailableException}; the thread's interrupt
 * status stays set.
 */
public final class RedisCallInterruptedException extends CacheUnavailableException {

  private static final long serialVersionUID = 1L;

  RedisCallInterruptedException(String message, Throwable cause) {
    super(message, cause);
  }
}
