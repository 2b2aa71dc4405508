package dev.granular.cache.redis;

/**
 * An error reply of Redis ({@code -ERR ...}, {@code -NOSCRIPT ...}) to a call over {@link
 * DirectConnections}: the command failed, and the connection is fine.
 */
public final class RedisErrorReply extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RedisErrorReply(String message) {
    super(message);
  }

  /** The error's code, its first word: {@code ERR}, {@code NOSCRIPT}, {@code WRONGTYPE}... */
  public String code() {
    String message = getMessage();
    int space = message.indexOf(' ');
    return space < 0 ? message : message.substring(0, space);
  }
}
