package dev.granular.cache.redis;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Opens the {@link DirectConnection}s that {@link DirectConnections} pools, and keeps where they
 * go: over the Unix socket of {@code cache.redis.unix-socket} once it is shown to reach the server
 * of the TCP address ({@link #verifiedOpen}), else over TCP. Owns the {@link ReplyDeadlines} that
 * time the connections' replies, and counts the connections opened.
 */
final class DirectConnectionOpener implements AutoCloseable {

  // DirectConnections' logger, as before this class was split off from it: the same name in logging
  // configurations
  private static final Logger LOG = Logger.getLogger(DirectConnections.class.getName());

  // volatile: a Unix socket found to lead elsewhere than the TCP address is replaced by the TCP
  // address (verifiedOpen)
  private volatile DirectEndpoint endpoint;
  // whether the Unix socket, if any, was checked to reach the server of the TCP address since the
  // last dropIdle
  private volatile boolean socketVerified;
  private final int connectTimeoutMillis;
  private final int timeoutMillis;
  private final LongAdder opened = new LongAdder();
  private final ReplyDeadlines deadlines;

  DirectConnectionOpener(DirectEndpoint endpoint, int connectTimeoutMillis, int timeoutMillis) {
    this.endpoint = endpoint;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.timeoutMillis = timeoutMillis;
    this.deadlines = new ReplyDeadlines(timeoutMillis);
  }

  /**
   * Where the connections go now: the TCP address once its Unix socket was found to lead elsewhere.
   */
  DirectEndpoint endpoint() {
    return endpoint;
  }

  DirectConnection open() throws IOException {
    DirectEndpoint target = endpoint;
    DirectConnection connection =
        target.unixSocket().isPresent() && !socketVerified
            ? verifiedOpen(target)
            : new DirectConnection(target, connectTimeoutMillis, timeoutMillis, deadlines);
    opened.increment();
    return connection;
  }

  /**
   * Opens a connection over the Unix socket once it is shown to reach the same server as the TCP
   * address, the one Redisson writes to: both report the same {@code run_id}. A hit read from
   * another server than the one written would serve values no write ever evicts. When the socket
   * cannot be connected while the TCP address can, or leads to another server, the socket is a
   * mistake of configuration: logged, and TCP is used from then on.
   */
  private DirectConnection verifiedOpen(DirectEndpoint overSocket) throws IOException {
    DirectEndpoint overTcp = overSocket.overTcp();
    DirectConnection socketConnection = null;
    IOException socketFailure = null;
    try {
      socketConnection =
          new DirectConnection(overSocket, connectTimeoutMillis, timeoutMillis, deadlines);
    } catch (IOException e) {
      socketFailure = e;
    }
    String tcpRunId;
    try (DirectConnection tcp =
        new DirectConnection(overTcp, connectTimeoutMillis, timeoutMillis, deadlines)) {
      tcpRunId = runId(tcp);
    } catch (IOException e) {
      if (socketConnection != null) {
        socketConnection.close();
      }
      throw e; // Redis is not reachable the way Redisson reaches it: unavailable, checked again on
      // the next open
    }
    if (socketConnection == null) {
      return useTcp(overTcp, "cannot be connected (" + socketFailure.getMessage() + ")");
    }
    String socketRunId;
    try {
      socketRunId = runId(socketConnection);
    } catch (IOException e) {
      socketConnection.close();
      throw e;
    }
    if (tcpRunId == null || socketRunId == null) {
      socketConnection.close();
      return useTcp(
          overTcp,
          "cannot be checked to reach the server of the TCP address: INFO server is refused");
    }
    if (!tcpRunId.equals(socketRunId)) {
      socketConnection.close();
      return useTcp(
          overTcp,
          "leads to another Redis server (run_id " + socketRunId + ", not " + tcpRunId + ")");
    }
    socketVerified = true;
    return socketConnection;
  }

  private DirectConnection useTcp(DirectEndpoint overTcp, String why) throws IOException {
    String socket = String.valueOf(endpoint.unixSocket().orElse(null));
    LOG.severe(
        () ->
            "cache.redis.unix-socket "
                + socket
                + " "
                + why
                + ": direct connections use "
                + overTcp
                + " instead");
    endpoint = overTcp;
    return new DirectConnection(overTcp, connectTimeoutMillis, timeoutMillis, deadlines);
  }

  // null when the server refuses INFO (an ACL user without it)
  private static String runId(DirectConnection connection) throws IOException {
    Object info;
    try {
      info = connection.call(List.of("INFO", "server"));
    } catch (RedisErrorReply e) {
      return null;
    }
    if (info instanceof String text) {
      for (String line : text.split("\r?\n")) {
        if (line.startsWith("run_id:")) {
          return line.substring("run_id:".length()).strip();
        }
      }
    }
    throw new IOException("Redis did not report its run_id in INFO server");
  }

  /**
   * Has the Unix socket, if any, checked again on the next open (the pool dropped its idle
   * connections).
   */
  void unverifySocket() {
    socketVerified = false;
  }

  /** Connections opened since the start. */
  long opened() {
    return opened.sum();
  }

  /** Open connections whose deadlines are watched: every connection not closed yet. */
  int watchedConnections() {
    return deadlines.watched();
  }

  /**
   * Stops the watch over the deadlines; connections still in use are closed when given back to the
   * closed pool.
   */
  @Override
  public void close() {
    deadlines.close();
  }
}
