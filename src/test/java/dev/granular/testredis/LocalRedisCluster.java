package dev.granular.testredis;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of {@code masters} masters, optionally with one replica each, every node a {@code
 * redis-server} on a free loopback port, the 16384 slots split evenly with {@code CLUSTER
 * ADDSLOTSRANGE}, the nodes joined with {@code CLUSTER MEET} and the replicas attached with {@code
 * CLUSTER REPLICATE} (no {@code redis-cli} needed). {@link #close} kills every node and deletes
 * their files.
 */
public final class LocalRedisCluster extends Topology {

  private static final int SLOTS = 16384;

  private LocalRedisCluster() throws IOException {
    super("redis-cluster");
  }

  /**
   * Starts the nodes, assigns the slots, and waits until every node reports {@code
   * cluster_state:ok}.
   */
  public static LocalRedisCluster start(int masters) throws IOException {
    return start(masters, false);
  }

  /**
   * Starts {@code masters} masters and, with {@code replicas}, one replica of each, so that killing
   * a master makes the cluster promote its replica; waits until the cluster is ok and every replica
   * in sync.
   */
  public static LocalRedisCluster start(int masters, boolean replicas) throws IOException {
    LocalRedisCluster cluster = new LocalRedisCluster();
    try {
      for (int i = 0; i < (replicas ? 2 * masters : masters); i++) {
        int port = PrivateRedis.freePort();
        List<String> options = RedisServerProcess.baseOptions(port, cluster.dir);
        options.addAll(
            List.of(
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes-" + port + ".conf",
                "--cluster-node-timeout", "2000"));
        cluster.started(RedisServerProcess.start(port, cluster.dir, options));
      }
      cluster.assignSlots(masters);
      cluster.awaitOk(Duration.ofSeconds(30));
      if (replicas) {
        cluster.attachReplicas(masters, Duration.ofSeconds(30));
      }
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void assignSlots(int masters) throws IOException {
    int per = SLOTS / masters;
    for (int i = 0; i < masters; i++) {
      int first = i * per;
      int last = i == masters - 1 ? SLOTS - 1 : first + per - 1;
      expectOk(
          processes
              .get(i)
              .command("CLUSTER", "ADDSLOTSRANGE", String.valueOf(first), String.valueOf(last)));
    }
    RedisServerProcess first = processes.get(0);
    for (RedisServerProcess other : processes.subList(1, processes.size())) {
      expectOk(first.command("CLUSTER", "MEET", "127.0.0.1", String.valueOf(other.port())));
    }
  }

  private void attachReplicas(int masters, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    for (int i = 0; i < masters; i++) {
      RedisServerProcess replica = processes.get(masters + i);
      String masterId = processes.get(i).command("CLUSTER", "MYID").split("\r\n")[1];
      // the replica must have heard of the master through the cluster bus before it can follow it
      while (!replica.command("CLUSTER", "NODES").contains(masterId)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IOException("replica " + replica.port() + " never learned of its master");
        }
        RedisServerProcess.sleep(100);
      }
      expectOk(replica.command("CLUSTER", "REPLICATE", masterId));
    }
    for (RedisServerProcess replica : processes.subList(masters, processes.size())) {
      while (!replica.command("INFO", "replication").contains("master_link_status:up")) {
        if (Instant.now().isAfter(deadline)) {
          throw new IOException("replica " + replica.port() + " did not sync within " + timeout);
        }
        RedisServerProcess.sleep(100);
      }
    }
  }

  /** Kills the master that holds {@code key}'s slot now (SIGKILL); returns its port. */
  public int killMasterOf(String key) throws IOException, InterruptedException {
    for (RedisServerProcess node : processes) {
      if (node.isAlive() && serves(node, key)) {
        node.kill();
        return node.port();
      }
    }
    throw new IOException("no live master holds the slot of " + key);
  }

  /** Waits until a live master other than {@code oldPort} serves {@code key}'s slot. */
  public void awaitSlotServed(String key, int oldPort, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (RedisServerProcess node : processes) {
        if (node.isAlive() && node.port() != oldPort && serves(node, key)) {
          return;
        }
      }
      RedisServerProcess.sleep(100);
    }
    throw new IOException("the slot of " + key + " not served by a new master within " + timeout);
  }

  private static boolean serves(RedisServerProcess node, String key) throws IOException {
    // a replica, or a master of another slot, answers -MOVED; a cluster still failing over,
    // -CLUSTERDOWN
    return !node.command("EXISTS", key).startsWith("-");
  }

  private void awaitOk(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      boolean ok = true;
      for (RedisServerProcess node : processes) {
        String info = node.command("CLUSTER", "INFO");
        ok &=
            info.contains("cluster_state:ok")
                && info.contains("cluster_known_nodes:" + processes.size());
      }
      if (ok) {
        return;
      }
      RedisServerProcess.sleep(100);
    }
    throw new IOException("the cluster did not reach cluster_state:ok within " + timeout);
  }

  private static void expectOk(String reply) throws IOException {
    if (!reply.startsWith("+OK")) {
      throw new IOException("cluster set-up failed: " + reply.trim());
    }
  }

  /** The nodes' addresses as {@code REDIS_URL} takes them: comma-separated. */
  public String addresses() {
    return processes.stream().map(RedisServerProcess::address).collect(Collectors.joining(","));
  }

  /** The ports of every node (masters and replicas). */
  public List<Integer> ports() {
    return processes.stream().map(RedisServerProcess::port).toList();
  }

  /** The port of the master that holds {@code key} right now, or -1 when no node has it. */
  public int portHolding(String key) throws IOException {
    for (RedisServerProcess node : processes) {
      // a node that does not own the key's slot answers -MOVED, never :1
      if (node.isAlive() && node.command("EXISTS", key).startsWith(":1")) {
        return node.port();
      }
    }
    return -1;
  }

  /** The slot of {@code key}, as the cluster computes it. */
  public int slotOf(String key) throws IOException {
    String reply = processes.get(0).command("CLUSTER", "KEYSLOT", key);
    return Integer.parseInt(reply.substring(1).trim());
  }

  /** Every key of every master, for assertions about where things live. */
  public List<String> keys() throws IOException {
    List<String> keys = new ArrayList<>();
    for (RedisServerProcess node : processes) {
      if (!node.isAlive()) {
        continue;
      }
      keys.addAll(RespLines.bulkStrings(node.command("KEYS", "*")));
    }
    return keys;
  }
}
