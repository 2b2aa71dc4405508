package dev.granular.cache.redis;

/**
 * A Redis setting that cannot work, found at startup. The message names the configuration key and
 * says what it accepts, so the operator does not have to read a Redisson stack trace.
 */
public class RedisConfigurationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public RedisConfigurationException(String message) {
    super(message);
  }
}
