package dev.granular.cache.redis;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Logger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

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

  /** The shared client. */
  @Produces
  @Dependent
  public RedissonClient client() {
    RedissonClient current = client;
    if (current == null) {
      synchronized (this) {
        current = client;
        if (current == null) {
          current = create(RedisSettings.fromConfiguration());
          client = current;
        }
      }
    }
    return current;
  }

  private static RedissonClient create(RedisSettings settings) {
    Config config = new Config();
    config.setCodec(StringCodec.INSTANCE);
    config
        .useSingleServer()
        .setAddress(settings.url())
        .setTimeout(settings.timeoutMillis())
        .setConnectTimeout(settings.connectTimeoutMillis())
        .setConnectionMinimumIdleSize(4)
        .setConnectionPoolSize(32);
    settings.password().ifPresent(password -> config.useSingleServer().setPassword(password));
    LOG.info(() -> "Connecting to Redis at " + settings.safeUrl());
    return Redisson.create(config);
  }

  /** True when Redis answers a PING within the command timeout. */
  public boolean isReachable() {
    try {
      return client().getRedisNodes(org.redisson.api.redisnode.RedisNodes.SINGLE).pingAll();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @PreDestroy
  void shutdown() {
    if (client != null) {
      client.shutdown();
    }
  }
}
