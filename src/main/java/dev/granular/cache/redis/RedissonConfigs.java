package dev.granular.cache.redis;

import java.io.IOException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SubscriptionMode;

/**
 * Turns {@link RedisSettings} into a Redisson {@link Config}, for every {@link RedisMode} and for a
 * YAML file.
 *
 * <p>Whatever the source, the library imposes what it relies on: the {@link StringCodec} (it writes
 * only strings it encoded itself, so nothing is Java-serialized), lazy initialization (the
 * application starts while Redis is away; the circuit breaker copes), {@link RedisConnection}'s
 * connection listener ({@link RedisNodeListener}), and reads and subscriptions on masters only: a
 * replica may not have received an invalidation yet, and reading an old tag version from it would
 * serve a stale entry. In the three modes the timeouts, no retries (the circuit breaker, not
 * retries, handles an outage), the pool sizes and the I/O threads come from here too; a YAML file
 * keeps its own.
 */
final class RedissonConfigs {

  private RedissonConfigs() {}

  static Config of(RedisSettings settings) {
    RedisTopology topology = settings.topology();
    Config config = topology.configFile().map(RedissonConfigs::fromFile).orElseGet(Config::new);
    config.setCodec(StringCodec.INSTANCE);
    config.setLazyInitialization(true);
    if (topology.configFile().isPresent()) {
      mastersOnly(config);
      return config;
    }
    if (settings.nettyThreads() > 0) {
      config.setNettyThreads(settings.nettyThreads());
    }
    switch (topology.mode()) {
      case SINGLE -> {
        var single =
            config
                .useSingleServer()
                .setAddress(topology.addresses().get(0))
                .setConnectionMinimumIdleSize(4)
                .setConnectionPoolSize(32);
        common(single, settings);
      }
      case SENTINEL -> {
        var sentinel =
            config
                .useSentinelServers()
                .setMasterName(topology.sentinelMaster().orElseThrow())
                // Sentinels on loopback or behind NAT may announce addresses that fail Redisson's
                // list check
                .setCheckSentinelsList(false);
        topology.addresses().forEach(sentinel::addSentinelAddress);
        common(pooled(sentinel), settings);
      }
      case CLUSTER -> {
        // the slot map is refreshed every second (Redisson's default is 5 s): a promoted replica
        // serves sooner
        var cluster = config.useClusterServers().setScanInterval(1000);
        topology.addresses().forEach(cluster::addNodeAddress);
        common(pooled(cluster), settings);
      }
    }
    return config;
  }

  private static <T extends BaseMasterSlaveServersConfig<T>> T pooled(T servers) {
    return servers
        .setMasterConnectionMinimumIdleSize(4)
        .setMasterConnectionPoolSize(32)
        .setReadMode(ReadMode.MASTER)
        .setSubscriptionMode(SubscriptionMode.MASTER);
  }

  private static void common(org.redisson.config.BaseConfig<?> servers, RedisSettings settings) {
    servers
        .setTimeout(settings.timeoutMillis())
        .setConnectTimeout(settings.connectTimeoutMillis())
        .setRetryAttempts(0);
    settings.username().ifPresent(servers::setUsername);
    settings.password().ifPresent(servers::setPassword);
  }

  private static void mastersOnly(Config config) {
    BaseMasterSlaveServersConfig<?> servers =
        config.isClusterConfig()
            ? config.useClusterServers()
            : config.isSentinelConfig() ? config.useSentinelServers() : null;
    if (servers != null) {
      servers.setReadMode(ReadMode.MASTER);
      servers.setSubscriptionMode(SubscriptionMode.MASTER);
    }
  }

  private static Config fromFile(java.nio.file.Path file) {
    try {
      return Config.fromYAML(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new RedisConfigurationException(
          "REDIS_CONFIG_FILE=" + file + " is not a Redisson YAML configuration: " + e.getMessage());
    }
  }
}
