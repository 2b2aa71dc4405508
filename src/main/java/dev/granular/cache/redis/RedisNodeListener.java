package dev.granular.cache.redis;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.redisson.api.NodeType;
import org.redisson.connection.ConnectionListener;

/**
 * Hears Redisson's connection events. A lost connection (not an idle one closed on purpose) means this instance's
 * near copies may have missed changes: {@code connectionLost} runs.
 *
 * <p>Under Sentinel, a failover also runs {@code masterChanged}. Redis replicates asynchronously, so the promoted
 * replica may lack the last writes the old master acknowledged, tag invalidations among them, and still hold entries
 * those writes voided; with {@code SENTINEL FAILOVER} the old master even keeps acknowledging writes for about a
 * second after the promotion, and they are all discarded when it resyncs as a replica. The client reads masters
 * only, so after it first reached the master any other data node it connects to, and the loss of the master it
 * knew, mean the master moved. (Redisson labels the nodes of a switch inconsistently, so addresses decide, not
 * {@link NodeType}.) In a Cluster a failed master shows as failing calls instead, which open the circuit too.
 */
final class RedisNodeListener implements ConnectionListener {

  private static final Logger LOG = Logger.getLogger(RedisNodeListener.class.getName());

  private final AtomicReference<InetSocketAddress> master = new AtomicReference<>();
  private final boolean watchFailover;
  private final Runnable connectionLost;
  private final Runnable masterChanged;

  /**
   * @param watchFailover true under Sentinel, where the one master can move to another server
   * @param connectionLost runs when all connections to a server are lost
   * @param masterChanged runs when the master moved (only with {@code watchFailover})
   */
  RedisNodeListener(boolean watchFailover, Runnable connectionLost, Runnable masterChanged) {
    this.watchFailover = watchFailover;
    this.connectionLost = connectionLost;
    this.masterChanged = masterChanged;
  }

  @Override
  public void onConnect(InetSocketAddress address) {}

  @Override
  public void onConnect(InetSocketAddress address, NodeType type) {
    if (!watchFailover || type == NodeType.SENTINEL) {
      return;
    }
    InetSocketAddress previous = master.getAndSet(address);
    if (previous != null && !previous.equals(address)) {
      moved("Redis master moved from " + previous + " to " + address);
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
    if (watchFailover && type != NodeType.SENTINEL && address.equals(master.get())) {
      moved("Lost the Redis master " + address);
    }
  }

  private void moved(String what) {
    LOG.warning(() -> what + ": voiding the cache before it is read again");
    masterChanged.run();
  }
}
