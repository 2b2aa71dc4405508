package dev.granular.cache.redis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The timeout of the {@link DirectConnection}s' blocking reads and writes: one daemon thread that,
 * every tick, closes each connection whose current operation has outlived its deadline; the close
 * wakes the blocked thread, whose operation then fails as a timeout.
 *
 * <p>Why not {@code SO_TIMEOUT}: the JDK reads a socket that has a read timeout (or was connected
 * with one) in non-blocking mode, so every reply costs a read that finds nothing yet, a {@code
 * poll} and a second read: three system calls where a blocking read makes one. On a virtual
 * machine, where a system call is dear, those two extra calls were about a third of the client's
 * CPU for a Redis round trip (async-profiler, README "The hit path"). Here an operation costs a
 * clock read and two volatile writes; a deadline is enforced within one tick (a tenth of the
 * timeout, 5 to 100 ms) after it passes.
 */
final class ReplyDeadlines implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ReplyDeadlines.class.getName());

  private final Set<DirectConnection> watched = ConcurrentHashMap.newKeySet();
  private final long tickMillis;
  private final Object startLock = new Object();
  private volatile Thread watchdog;
  private volatile boolean closed;

  /** Deadlines for operations that may take {@code timeoutMillis}. */
  ReplyDeadlines(int timeoutMillis) {
    this.tickMillis = Math.max(5, Math.min(100, timeoutMillis / 10));
  }

  /**
   * Watches {@code connection} until it is {@linkplain #forget forgotten}; starts the watchdog on
   * first use.
   */
  void watch(DirectConnection connection) {
    watched.add(connection);
    if (watchdog == null) {
      synchronized (startLock) {
        if (watchdog == null && !closed) {
          Thread thread = new Thread(this::run, "cache-redis-deadlines");
          thread.setDaemon(true);
          thread.start();
          watchdog = thread;
        }
      }
    }
  }

  /** Stops watching a closed connection. */
  void forget(DirectConnection connection) {
    watched.remove(connection);
  }

  /** Connections watched now, for tests. */
  int watched() {
    return watched.size();
  }

  private void run() {
    while (!closed) {
      try {
        TimeUnit.MILLISECONDS.sleep(tickMillis);
      } catch (InterruptedException e) {
        return; // closed
      }
      long now = System.nanoTime();
      for (DirectConnection connection : watched) {
        try {
          connection.expireIfOverdue(now);
        } catch (RuntimeException e) {
          // never let one connection stop the watch over the others
          LOG.log(Level.WARNING, "Could not close an overdue Redis connection", e);
        }
      }
    }
  }

  /**
   * Stops the watchdog; connections still open keep their deadlines unenforced, so close them
   * first.
   */
  @Override
  public void close() {
    synchronized (startLock) {
      closed = true;
      if (watchdog != null) {
        watchdog.interrupt();
      }
    }
  }
}
