package dev.granular.cache.redis;

import dev.granular.cache.config.Settings;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Read-only scripts on a single Redis server over a pool of blocking connections, one per calling thread at a time:
 * the cache hit's one command ({@link CircuitGuardedCache#getWithKeys}).
 *
 * <p>Why beside Redisson: a Redisson call hands its command to a Netty event loop, which writes it, reads the reply
 * and wakes the caller; two thread hand-offs per command, which on a small machine cost more CPU than the command
 * itself. Here the request thread writes and reads the socket itself (measured on this project's 2-core machine,
 * 2 threads calling the hit script: 17 µs of client CPU per call against 45 µs through Redisson, twice the calls per
 * second; see the README, "The hit path"). Everything else (writes, locks, pub/sub, Sentinel, Cluster, TLS) stays
 * with Redisson; so does this read where the direct path does not apply ({@link #of}).
 *
 * <p>Failures: a call that cannot get a connection, connect, or read its reply in {@code cache.redis.timeout}
 * throws {@link CacheUnavailableException}, which the {@link RedisCircuit} counts like any Redis failure. A pooled
 * connection found dead (Redis restarted or closed it as idle) is dropped with the other idle ones and the call tried
 * once more on a new connection: the scripts only read, so a retry cannot apply anything twice. A script the server
 * does not know (after a restart or {@code SCRIPT FLUSH}) is sent whole once, which loads it again.
 */
final class DirectReads implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DirectReads.class.getName());

  /** Connections at most, as Redisson's pool for a single server. */
  static final int MAX_CONNECTIONS = 32;

  private final DirectEndpoint endpoint;
  private final int connectTimeoutMillis;
  private final int timeoutMillis;
  private final Semaphore permits = new Semaphore(MAX_CONNECTIONS);
  private final ConcurrentLinkedDeque<DirectConnection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  DirectReads(DirectEndpoint endpoint, int connectTimeoutMillis, int timeoutMillis) {
    this.endpoint = endpoint;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Direct reads for these settings: only on a single server reached over plain {@code redis://}, with neither a YAML
   * file nor {@code cache.redis.direct-reads=false}; otherwise empty, and the reads go through Redisson.
   */
  static Optional<DirectReads> of(RedisSettings settings) {
    RedisTopology topology = settings.topology();
    if (!Settings.getBoolean("cache.redis.direct-reads", true)
        || topology.mode() != RedisMode.SINGLE
        || topology.configFile().isPresent()
        || topology.addresses().size() != 1) {
      return Optional.empty();
    }
    Optional<DirectReads> reads =
        DirectEndpoint.of(topology.addresses().get(0), settings.username(), settings.password())
            .map(e -> new DirectReads(e, settings.connectTimeoutMillis(), settings.timeoutMillis()));
    reads.ifPresent(r -> LOG.info(() -> "Cache hits read over direct connections to " + r.endpoint));
    return reads;
  }

  /**
   * Runs a read-only {@code script} with {@code keys} and {@code arguments} and returns its reply (see
   * {@link Resp#readReply} for the types).
   *
   * @throws CacheUnavailableException when Redis cannot be reached or does not answer in time
   * @throws Resp.ErrorReply when the script fails
   */
  Object eval(Script script, List<String> keys, List<String> arguments) {
    if (closed) {
      throw new CacheUnavailableException("the direct Redis connections are closed");
    }
    acquire();
    try {
      DirectConnection pooled = idle.pollFirst();
      if (pooled != null) {
        try {
          return evalOn(pooled, script, keys, arguments);
        } catch (SocketTimeoutException e) {
          throw unavailable(e);
        } catch (IOException e) {
          dropIdle(); // a dead pooled connection: Redis restarted, or closed idle clients; so did the others
        }
      }
      return evalOn(open(), script, keys, arguments);
    } catch (IOException e) {
      throw unavailable(e);
    } finally {
      permits.release();
    }
  }

  private void acquire() {
    try {
      if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new CacheUnavailableException(
            "all " + MAX_CONNECTIONS + " direct Redis connections stayed busy for " + timeoutMillis + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheUnavailableException("interrupted while waiting for a direct Redis connection");
    }
  }

  // Returns the connection to the pool after any reply, error replies included; closes it when the socket failed.
  private Object evalOn(DirectConnection connection, Script script, List<String> keys, List<String> arguments)
      throws IOException {
    boolean usable = false;
    try {
      Object reply;
      try {
        reply = connection.call(command("EVALSHA", script.sha1(), keys, arguments));
      } catch (Resp.ErrorReply e) {
        if (!"NOSCRIPT".equals(e.code())) {
          usable = true;
          throw e;
        }
        reply = connection.call(command("EVAL", script.source(), keys, arguments));
      }
      usable = true;
      return reply;
    } catch (Resp.ErrorReply e) {
      usable = true;
      throw e;
    } finally {
      if (usable) {
        release(connection);
      } else {
        connection.close();
      }
    }
  }

  private static List<String> command(String name, String script, List<String> keys, List<String> arguments) {
    List<String> words = new ArrayList<>(3 + keys.size() + arguments.size());
    words.add(name);
    words.add(script);
    words.add(Integer.toString(keys.size()));
    words.addAll(keys);
    words.addAll(arguments);
    return words;
  }

  private DirectConnection open() throws IOException {
    return new DirectConnection(endpoint, connectTimeoutMillis, timeoutMillis);
  }

  private void release(DirectConnection connection) {
    if (closed) {
      connection.close();
    } else {
      idle.offerFirst(connection); // last in, first out: the fewest connections stay in use
    }
  }

  private void dropIdle() {
    DirectConnection connection;
    while ((connection = idle.pollFirst()) != null) {
      connection.close();
    }
  }

  private CacheUnavailableException unavailable(IOException e) {
    return new CacheUnavailableException("Redis at " + endpoint + " did not answer: " + e.getMessage(), e);
  }

  /** Connections currently pooled and idle, for tests. */
  int idleConnections() {
    return idle.size();
  }

  @Override
  public void close() {
    closed = true;
    dropIdle();
  }

  /** A Lua script and its SHA-1, the name {@code EVALSHA} calls it by. */
  record Script(String source, String sha1) {

    static Script of(String source) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
        return new Script(source, HexFormat.of().formatHex(digest));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-1", e);
      }
    }
  }
}
