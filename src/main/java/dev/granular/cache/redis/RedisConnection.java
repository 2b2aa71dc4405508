package dev.granular.cache.redis;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.connection.ConnectionListener;

/**
 * Owns the application's one {@link RedissonClient}, created on first use and shut down with the application. The
 * client's default codec is {@link StringCodec}: the library writes only strings it encoded itself (JSON), so
 * nothing in Redis is Java-serialized or read back as code.
 *
 * <p>The client is handed out unproxied ({@link Dependent} producer): Redisson's JCache casts it to its own class.
 */
@ApplicationScoped
public class RedisConnection {

  private static final Logger LOG = Logger.getLogger(RedisConnection.class.getName());

  private volatile RedissonClient client;
  private final List<Runnable> connectionLostActions = new CopyOnWriteArrayList<>();
  private final RedisCircuit circuit = new RedisCircuit(this::probe);

  /** The shared client. */
  @Produces
  @Dependent
  public RedissonClient client() {
    RedissonClient current = client;
    if (current == null) {
      synchronized (this) {
        current = client;
        if (current == null) {
          current = create(RedisSettings.fromConfiguration(), this::connectionLost);
          client = current;
        }
      }
    }
    return current;
  }

  /**
   * Runs {@code action} whenever the client loses its connection to the Redis server (not when it closes an idle
   * connection on purpose): whatever this instance holds from Redis may have missed changes.
   */
  public void onConnectionLost(Runnable action) {
    connectionLostActions.add(action);
  }

  private void connectionLost() {
    connectionLostActions.forEach(Runnable::run);
  }

  private static RedissonClient create(RedisSettings settings, Runnable connectionLost) {
    Config config = new Config();
    config.setConnectionListener(
        new ConnectionListener() {
          @Override
          public void onConnect(InetSocketAddress address) {}

          @Override
          public void onDisconnect(InetSocketAddress address) {
            LOG.warning(() -> "Connection to Redis at " + address + " lost");
            connectionLost.run();
          }
        });
    config.setCodec(StringCodec.INSTANCE);
    config.setLazyInitialization(true); // start even while Redis is away; the circuit breaker copes
    config
        .useSingleServer()
        .setAddress(settings.url())
        .setTimeout(settings.timeoutMillis())
        .setConnectTimeout(settings.connectTimeoutMillis())
        .setRetryAttempts(0) // fail fast: the circuit breaker, not retries, handles an outage
        .setConnectionMinimumIdleSize(4)
        .setConnectionPoolSize(32);
    settings.username().ifPresent(user -> config.useSingleServer().setUsername(user));
    settings.password().ifPresent(password -> config.useSingleServer().setPassword(password));
    LOG.info(() -> "Connecting to Redis at " + settings.safeUrl());
    return Redisson.create(config);
  }

  /** The breaker every Redis call of the library goes through. */
  public RedisCircuit circuit() {
    return circuit;
  }

  /** True when the circuit is closed and Redis answers a PING. */
  public boolean isReachable() {
    try {
      return !circuit.isOpen() && circuit.call(this::ping);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private boolean ping() {
    return client().getRedisNodes(org.redisson.api.redisnode.RedisNodes.SINGLE).pingAll();
  }

  private boolean probe() {
    try {
      return ping();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @PreDestroy
  void shutdown() {
    circuit.shutdown();
    if (client != null) {
      client.shutdown();
    }
  }
}
