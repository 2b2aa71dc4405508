package dev.granular.cache.redis;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pool of {@link DirectConnection}s behind {@link DirectConnections}: a permit for each
 * connection in use, at most {@link #MAX_CONNECTIONS}, one caller each, and the idle connections to
 * be used again, last in, first out. Counts the calls and the failures, and turns a failed
 * connection into the exception its caller gets.
 */
final class DirectConnectionPool {

  /** Connections at most, as Redisson's pool for a single server. */
  static final int MAX_CONNECTIONS = 32;

  private final DirectConnectionOpener opener;
  private final int timeoutMillis;
  private final Semaphore permits = new Semaphore(MAX_CONNECTIONS);
  private final ConcurrentLinkedDeque<DirectConnection> idle = new ConcurrentLinkedDeque<>();
  private final LongAdder calls = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private volatile boolean closed;

  DirectConnectionPool(DirectConnectionOpener opener, int timeoutMillis) {
    this.opener = opener;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Counts a call and takes a permit for its connection, waiting at most {@code
   * cache.redis.timeout}.
   */
  void acquire() {
    calls.increment();
    if (closed) {
      throw new CacheUnavailableException("the direct Redis connections are closed");
    }
    try {
      if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
        failed.increment();
        throw new CacheUnavailableException(
            "all "
                + MAX_CONNECTIONS
                + " direct Redis connections stayed busy for "
                + timeoutMillis
                + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisCallInterruptedException(
          "interrupted while waiting for a direct Redis connection", e);
    }
  }

  /** The idle connection used last, or null when none is idle. */
  DirectConnection pollIdle() {
    return idle.pollFirst();
  }

  /** Gives back the permit taken by {@link #acquire}. */
  void releasePermit() {
    permits.release();
  }

  /** Gives back a usable connection: idle again, or closed when the pool is. */
  void release(DirectConnection connection) {
    if (closed) {
      connection.close();
    } else {
      idle.offerFirst(connection); // last in, first out: the fewest connections stay in use
    }
  }

  /** Closes the idle connections. */
  void dropIdle() {
    opener.unverifySocket(); // Redis restarted, perhaps another one now at either address
    DirectConnection connection;
    while ((connection = idle.pollFirst()) != null) {
      connection.close();
    }
  }

  /** The failure of a call whose command Redis may have run. */
  RedisReplyLostException lost(Exception e) {
    if (e instanceof ClosedByInterruptException) {
      return new RedisReplyLostException(
          "interrupted while waiting for Redis at "
              + opener.endpoint()
              + " to answer a command it may have run",
          e);
    }
    failed.increment();
    return new RedisReplyLostException(
        "Redis at "
            + opener.endpoint()
            + " did not answer a command sent to it, which it may have run: "
            + e.getMessage(),
        e);
  }

  /** The failure of a call that could not reach Redis or get its answer. */
  CacheUnavailableException unavailable(IOException e) {
    if (e instanceof ClosedByInterruptException) {
      return new RedisCallInterruptedException(
          "interrupted while calling Redis at " + opener.endpoint(), e);
    }
    failed.increment();
    return new CacheUnavailableException(
        "Redis at " + opener.endpoint() + " did not answer: " + e.getMessage(), e);
  }

  /** Calls since the start (reads and sends). */
  long calls() {
    return calls.sum();
  }

  /** Calls that failed for want of an answer, or of a connection. */
  long failed() {
    return failed.sum();
  }

  /** Connections in use now. */
  int inUse() {
    return MAX_CONNECTIONS - permits.availablePermits();
  }

  /** Connections pooled and idle now. */
  int idleConnections() {
    return idle.size();
  }

  /** Closes the idle connections, and those in use when they are given back. */
  void close() {
    closed = true;
    dropIdle();
  }
}
