package dev.granular.cache.redis;

/** Redis is not used right now (the circuit is open); the caller goes on without the cache. */
public class CacheUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CacheUnavailableException(String message) {
    super(message, null, false, false);
  }

  /** With the failure behind it, such as the I/O error of a connection that did not answer. */
  public CacheUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
