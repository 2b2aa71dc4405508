package dev.granular.cache.redis;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisMaster;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Owns the application's one {@link RedissonClient}, created on first use and shut down with the
 * application, on a single server, a Sentinel-managed master or a Redis Cluster ({@link
 * RedisSettings}, {@link RedissonConfigs}). The client's default codec is {@code StringCodec}: the
 * library writes only strings it encoded itself (JSON), so nothing in Redis is Java-serialized or
 * read back as code.
 *
 * <p>The client is handed out unproxied ({@link Dependent} producer): Redisson's JCache casts it to
 * its own class.
 */
@ApplicationScoped
public class RedisConnection {

  private static final Logger LOG = Logger.getLogger(RedisConnection.class.getName());

  private volatile RedissonClient client;
  private volatile DirectConnections directConnections;
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
          RedisSettings settings = RedisSettings.fromConfiguration();
          directConnections = DirectConnections.of(settings).orElse(null);
          current = create(settings);
          client = current;
        }
      }
    }
    return current;
  }

  /**
   * Runs {@code action} whenever the client loses its connection to the Redis server (not when it
   * closes an idle connection on purpose): whatever this instance holds from Redis may have missed
   * changes.
   */
  public void onConnectionLost(Runnable action) {
    connectionLostActions.add(action);
  }

  private void connectionLost() {
    connectionLostActions.forEach(Runnable::run);
  }

  private RedissonClient create(RedisSettings settings) {
    Config config = RedissonConfigs.of(settings);
    AtomicReference<RedissonClient> created = new AtomicReference<>();
    MasterWatch watch =
        config.isSentinelConfig()
            ? new MasterWatch(() -> routedMaster(created.get()), this::masterMoved)
            : null;
    config.setConnectionListener(new RedisNodeListener(watch, this::connectionLost));
    LOG.info(() -> "Connecting to Redis: " + settings.safeDescription());
    RedissonClient redisson = Redisson.create(config);
    created.set(redisson);
    if (watch != null) {
      circuit.fenceWith(watch);
    }
    return redisson;
  }

  private void masterMoved(String what) {
    LOG.warning(() -> what + ": voiding the cache before it is read again");
    circuit.openNow(new CacheUnavailableException("the Redis master changed"));
  }

  // The master Redisson sends commands to now (under Sentinel): it swaps it before it tells its
  // listeners
  private static InetSocketAddress routedMaster(RedissonClient redisson) {
    if (redisson == null) {
      return null;
    }
    RedisMaster master = redisson.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster();
    return master == null ? null : master.getAddr();
  }

  /**
   * The blocking connections of a single server, on which the cache reads its hits and an
   * application may send scripts of its own without Redisson's thread hand-offs; empty under
   * Sentinel, Cluster, TLS, a YAML file or {@code cache.redis.direct-connections=false} ({@link
   * DirectConnections#of}), where Redisson does it all.
   */
  public Optional<DirectConnections> direct() {
    client(); // chooses the direct connections with the client
    return Optional.ofNullable(directConnections);
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

  // Only the masters hold what the library reads and writes: a replica down does not keep the
  // circuit open.
  private boolean ping() {
    RedissonClient current = client();
    Config config = current.getConfig();
    if (config.isClusterConfig()) {
      var masters = current.getRedisNodes(RedisNodes.CLUSTER).getMasters();
      return !masters.isEmpty() && masters.stream().allMatch(RedisNode::ping);
    }
    if (config.isSentinelConfig()) {
      return current.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster().ping();
    }
    if (config.isSingleConfig()) {
      return current.getRedisNodes(RedisNodes.SINGLE).pingAll();
    }
    // another topology from a YAML file (master-slave, replicated): any answer of the master will
    // do
    current.getBucket("cache:probe", StringCodec.INSTANCE).isExists();
    return true;
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
    if (directConnections != null) {
      directConnections.close();
    }
    if (client != null) {
      client.shutdown();
    }
  }
}
