package dev.granular.cache.redis;

import java.net.InetSocketAddress;
import java.util.logging.Logger;
import org.redisson.api.NodeType;
import org.redisson.connection.ConnectionListener;

/**
 * Hears Redisson's connection events. A lost connection (not an idle one closed on purpose) means
 * this instance's near copies may have missed changes: {@code connectionLost} runs.
 *
 * <p>Under Sentinel the events also feed the {@link MasterWatch}: the client reads masters only, so
 * after it first reached the master any other data node it connects to, and the loss of the master
 * it knew, mean the master moved. (Redisson labels the nodes of a switch inconsistently, so
 * addresses decide, not {@link NodeType}.) In a Cluster a failed master shows as failing calls
 * instead, which open the circuit too.
 */
final class RedisNodeListener implements ConnectionListener {

  private static final Logger LOG = Logger.getLogger(RedisNodeListener.class.getName());

  private final MasterWatch watch;
  private final Runnable connectionLost;

  /**
   * @param watch the master watch under Sentinel, where the one master can move to another server;
   *     else null
   * @param connectionLost runs when all connections to a server are lost
   */
  RedisNodeListener(MasterWatch watch, Runnable connectionLost) {
    this.watch = watch;
    this.connectionLost = connectionLost;
  }

  @Override
  public void onConnect(InetSocketAddress address) {}

  @Override
  public void onConnect(InetSocketAddress address, NodeType type) {
    if (watch != null && type != NodeType.SENTINEL) {
      watch.connected(address);
    }
  }

  @Override
  public void onDisconnect(InetSocketAddress address) {
    LOG.warning(() -> "Connection to Redis at " + address + " lost");
    connectionLost.run();
  }

  @Override
  public void onDisconnect(InetSocketAddress address, NodeType type) {
    onDisconnect(address);
    if (watch != null && type != NodeType.SENTINEL) {
      watch.lost(address);
    }
  }
}
