package dev.granular.cache.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@link DirectConnection}s connect and as whom: host and port from a {@code redis://}
 * address, the user and password from the address ({@code redis://user:password@host:6379}) or else
 * from {@code REDIS_USERNAME} and {@code REDIS_PASSWORD}, as Redisson takes them; and, when the
 * server runs on this host, the path of its Unix-domain socket ({@code cache.redis.unix-socket}),
 * which these connections then use instead of TCP (the same server, checked by {@link
 * DirectConnections} before the socket is trusted).
 */
record DirectEndpoint(
    String host,
    int port,
    Optional<String> username,
    Optional<String> password,
    Optional<Path> unixSocket) {

  /**
   * The endpoint of a plain {@code redis://} address; empty for TLS ({@code rediss://}), which only
   * Redisson speaks.
   */
  static Optional<DirectEndpoint> of(
      String address, Optional<String> username, Optional<String> password) {
    URI uri = URI.create(address);
    if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
      return Optional.empty();
    }
    Optional<String> user = username;
    Optional<String> secret = password;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      String name = colon < 0 ? "" : decode(userInfo.substring(0, colon));
      secret = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(colon + 1)));
      user = name.isEmpty() ? username : Optional.of(name);
    }
    String host =
        uri.getHost().startsWith("[")
            ? uri.getHost().substring(1, uri.getHost().length() - 1)
            : uri.getHost();
    return Optional.of(
        new DirectEndpoint(
            host, uri.getPort() < 0 ? 6379 : uri.getPort(), user, secret, Optional.empty()));
  }

  /**
   * This endpoint reached over the Unix-domain socket at {@code path} (same server, same
   * credentials).
   */
  DirectEndpoint overUnixSocket(Path path) {
    return new DirectEndpoint(host, port, username, password, Optional.of(path));
  }

  /** This endpoint over TCP, as its {@code redis://} address says. */
  DirectEndpoint overTcp() {
    return new DirectEndpoint(host, port, username, password, Optional.empty());
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "redis://"
        + (password.isPresent() ? "***@" : "")
        + host
        + ":"
        + port
        + unixSocket.map(path -> " (over its Unix socket " + path + ")").orElse("");
  }
}
