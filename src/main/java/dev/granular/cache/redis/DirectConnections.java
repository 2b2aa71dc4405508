package dev.granular.cache.redis;

import dev.granular.cache.config.Settings;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Lua scripts on a single Redis server over a pool of blocking connections of their own, one caller
 * at a time each: the cache hit's one command ({@link CircuitGuardedCache#getWithKeys}), the tag
 * registry's calls on a write's path (the clock, an invalidation with its near-cache message, the
 * versions a write-through stores under, an entry's listing under its tags: {@link #repeatable})
 * and whatever an application sends the same way ({@link RedisConnection#direct}).
 *
 * <p>Why beside Redisson: a Redisson call hands its command to a Netty event loop, which writes it,
 * reads the reply and wakes the caller; two thread hand-offs per command, which on a small machine
 * cost more CPU than the command itself. Here the calling thread writes to the socket and reads the
 * reply itself (measured on this project's 2-core machine, 2 threads calling the hit script: 17 µs
 * of client CPU per call against 45 µs through Redisson, twice the calls per second; see the
 * README, "The hit path"). Since 2026-12-06 the stores into the caches' hashes go this way too
 * ({@link CircuitGuardedCache#put}), with an entry's listing under its tags carried along.
 * Everything else (locks, subscriptions, the background clean-ups, Sentinel, Cluster, TLS) stays
 * with Redisson; so do these scripts where direct connections do not apply ({@link #of}).
 *
 * <p>When Redis runs on this host, {@code cache.redis.unix-socket} names its Unix-domain socket,
 * and these connections use it instead of TCP: no TCP stack on either side of a round trip. It is
 * trusted only once it is shown to lead to the server of the TCP address ({@link
 * DirectConnectionOpener#verifiedOpen}).
 *
 * <p>Failures: a call that cannot get a connection, connect, or read its reply within {@code
 * cache.redis.timeout} throws {@link CacheUnavailableException} (the reply's timeout is enforced by
 * {@link ReplyDeadlines}, a little late rather than with two more system calls per reply); callers
 * run it through the {@link RedisCircuit} like any Redis call. A script the server does not know
 * (after a restart or {@code SCRIPT FLUSH}) is sent whole once, which loads it again: Redis ran
 * nothing for the unknown one.
 *
 * <p>Made of {@link DirectConnectionOpener} (opens the connections, checks the Unix socket), {@link
 * DirectConnectionPool} (lends them out, counts calls and failures) and {@link ScriptCalls} (writes
 * the script calls, reads their replies).
 */
public final class DirectConnections implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DirectConnections.class.getName());

  private final DirectConnectionOpener opener;
  private final DirectConnectionPool pool;
  private final ScriptCalls scripts;
  private final ThreadLocal<CarriedCall> waitingToBeCarried = new ThreadLocal<>();

  DirectConnections(DirectEndpoint endpoint, int connectTimeoutMillis, int timeoutMillis) {
    this.opener = new DirectConnectionOpener(endpoint, connectTimeoutMillis, timeoutMillis);
    this.pool = new DirectConnectionPool(opener, timeoutMillis);
    this.scripts = new ScriptCalls(pool);
  }

  /**
   * Direct connections for these settings: only on a single server reached over plain {@code
   * redis://}, with neither a YAML file nor {@code cache.redis.direct-connections=false}; otherwise
   * empty, and everything goes through Redisson.
   */
  static Optional<DirectConnections> of(RedisSettings settings) {
    RedisTopology topology = settings.topology();
    if (!Settings.getBoolean("cache.redis.direct-connections", true)
        || topology.mode() != RedisMode.SINGLE
        || topology.configFile().isPresent()
        || topology.addresses().size() != 1) {
      return Optional.empty();
    }
    Optional<Path> unixSocket = Settings.get("cache.redis.unix-socket").map(Path::of);
    Optional<DirectConnections> direct =
        DirectEndpoint.of(topology.addresses().get(0), settings.username(), settings.password())
            .map(e -> unixSocket.map(e::overUnixSocket).orElse(e))
            .map(
                e ->
                    new DirectConnections(
                        e, settings.connectTimeoutMillis(), settings.timeoutMillis()));
    direct.ifPresent(
        d ->
            LOG.info(
                () ->
                    "Cache hits, stores and tag writes go over direct connections to "
                        + d.opener.endpoint()));
    return direct;
  }

  /**
   * Runs a script that only reads and returns its reply: a string, a {@link Long}, a {@link List}
   * of replies or null. A pooled connection found dead (Redis restarted, or closed idle clients) is
   * dropped with the other idle ones and the script run once more on a new connection: it only
   * reads, so running it again changes nothing.
   *
   * @throws CacheUnavailableException when Redis cannot be reached or does not answer in time
   * @throws RedisErrorReply when the script fails
   */
  public Object read(LuaScript script, List<String> keys, List<String> arguments) {
    boolean interrupted = Thread.interrupted(); // see restore
    try {
      return readOnce(script, keys, arguments);
    } finally {
      restore(interrupted);
    }
  }

  private Object readOnce(LuaScript script, List<String> keys, List<String> arguments) {
    CarriedCall rider = waitingToBeCarried.get();
    if (rider != null) {
      waitingToBeCarried.remove(); // whatever happens below, it is not carried by a later read
    }
    pool.acquire();
    try {
      DirectConnection pooled = pool.pollIdle();
      if (pooled != null) {
        try {
          return scripts.evalOn(pooled, rider, script, keys, arguments);
        } catch (SocketTimeoutException | ClosedByInterruptException e) {
          throw pool.unavailable(e);
        } catch (IOException e) {
          pool.dropIdle(); // a dead pooled connection: Redis restarted, or closed idle clients; so
          // did the others
        }
        rider = null; // it was written with the first try and has its outcome: never sent twice
      }
      return scripts.evalOn(opener.open(), rider, script, keys, arguments);
    } catch (IOException e) {
      throw pool.unavailable(e);
    } finally {
      pool.releasePermit();
    }
  }

  /**
   * Runs a script that writes, but whose running twice does what running it once does, or no harm
   * beyond that (it sets values it was given, lists an entry that may be listed already, or voids
   * tags once more), and returns its reply. As with {@link #read}, a pooled connection found dead
   * is dropped and the script run once more on a new one: a dead connection took nothing to Redis.
   * The tag registry's writes on a write's path go this way instead of through Redisson, whose two
   * thread hand-offs per command cost more than the command on a small machine.
   *
   * @throws CacheUnavailableException when Redis cannot be reached or does not answer in time (it
   *     may have run the script then)
   * @throws RedisErrorReply when the script fails
   */
  public Object repeatable(LuaScript script, List<String> keys, List<String> arguments) {
    return read(script, keys, arguments);
  }

  /**
   * Makes a script call that this thread's next {@link #read} carries: written in the same socket
   * write, ahead of the read's command, and answered with it, so that it costs no round trip of its
   * own. Its reply comes from {@link CarriedCall#await}, which sends it alone if no read carried it
   * by then. A call the read could not carry (no connection to be had, Redis unknown to the script)
   * waits to be sent alone; one whose connection failed after the write fails with {@link
   * RedisReplyLostException}, as a {@link #send} would. A thread carries one call at a time:
   * another one made before a read replaces it, and the replaced one is sent alone when awaited.
   */
  public CarriedCall carry(LuaScript script, List<String> keys, List<String> arguments) {
    CarriedCall call = new CarriedCall(this, script, keys, arguments);
    waitingToBeCarried.set(call);
    return call;
  }

  /** Takes {@code call} off its thread's next read, if it is still waiting for one. */
  void forget(CarriedCall call) {
    if (waitingToBeCarried.get() == call) {
      waitingToBeCarried.remove();
    }
  }

  /**
   * Writes a script call and returns at once; {@link PendingReply#await} reads its reply later, on
   * any thread, once. Meanwhile the call holds its connection. It is never sent twice: when the
   * connection fails after the write, Redis may or may not have run it, and the caller is told so
   * ({@link RedisReplyLostException}).
   *
   * @throws CacheUnavailableException when no connection can be had or the write fails
   */
  public PendingReply send(LuaScript script, List<String> keys, List<String> arguments) {
    boolean interrupted = Thread.interrupted(); // see restore
    try {
      return sendOnce(script, keys, arguments);
    } finally {
      restore(interrupted);
    }
  }

  /*
   * Why a call sets its thread's interrupt status aside (Thread.interrupted() on the way in, restore on the way out):
   * a channel closes itself when an interrupted thread reads or writes it. A thread that kept its interrupt status
   * (code that caught InterruptedException and set it again, as it should) would lose every connection it touched,
   * and its calls would fail as if Redis were down, three of them opening the circuit. An interrupt that arrives
   * during the call still closes the connection: that call fails with RedisCallInterruptedException, which the
   * circuit does not count.
   */
  private static void restore(boolean interrupted) {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private PendingReply sendOnce(LuaScript script, List<String> keys, List<String> arguments) {
    pool.acquire();
    DirectConnection connection = pool.pollIdle();
    try {
      if (connection == null) {
        connection = opener.open();
      }
      connection.write(ScriptCalls.command("EVALSHA", script.sha1(), keys, arguments));
      return new PendingReply(connection, script, keys, arguments);
    } catch (IOException | RuntimeException e) {
      if (connection != null) {
        connection.close();
      }
      pool.releasePermit();
      throw e instanceof IOException io ? pool.unavailable(io) : (RuntimeException) e;
    }
  }

  /** A script call written to its connection, whose reply is still to be read. */
  public final class PendingReply {
    private final DirectConnection connection;
    private final LuaScript script;
    private final List<String> keys;
    private final List<String> arguments;
    private boolean done;

    private PendingReply(
        DirectConnection connection, LuaScript script, List<String> keys, List<String> arguments) {
      this.connection = connection;
      this.script = script;
      this.keys = keys;
      this.arguments = arguments;
    }

    /**
     * Reads the reply (waiting for it at most {@code cache.redis.timeout}) and gives the connection
     * back. Once only; callers on several threads must take turns.
     *
     * @throws RedisReplyLostException when the connection failed or timed out: Redis may or may not
     *     have run the script
     * @throws RedisErrorReply when the script failed
     */
    public Object await() {
      if (done) {
        throw new IllegalStateException("the reply was read already");
      }
      done = true;
      boolean interrupted = Thread.interrupted(); // see restore
      try {
        return scripts.readScriptReply(connection, script, keys, arguments);
      } catch (IOException e) {
        throw pool.lost(e);
      } finally {
        pool.releasePermit();
        restore(interrupted);
      }
    }
  }

  /**
   * What the pool has done since it started: calls (reads and sends), connections opened (more than
   * the most ever in use at once means some were replaced after Redis dropped them), calls that
   * failed for want of an answer, scripts sent whole because the server did not know them (their
   * first call, or the server had forgotten them); and connections in use and idle now; and calls
   * carried by reads ({@link #carry}), which are not in {@code calls}.
   */
  public record Stats(
      long calls,
      long opened,
      long failed,
      long scriptsLoaded,
      int inUse,
      int idle,
      long carried) {}

  /** The pool's counters now. */
  public Stats stats() {
    return new Stats(
        pool.calls(),
        opener.opened(),
        pool.failed(),
        scripts.scriptsLoaded(),
        pool.inUse(),
        pool.idleConnections(),
        scripts.carried());
  }

  /** Connections currently pooled and idle, for tests. */
  int idleConnections() {
    return pool.idleConnections();
  }

  /** Open connections whose deadlines are watched, for tests: every connection not closed yet. */
  int watchedConnections() {
    return opener.watchedConnections();
  }

  @Override
  public void close() {
    pool.close();
    opener.close(); // connections still in use are closed when given back
  }
}
