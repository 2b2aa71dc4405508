package dev.granular.testredis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A master, one replica and three Sentinels (quorum 2) on free loopback ports, the master named
 * {@link #MASTER}. The Sentinels declare a master down after 1 s without an answer, so a failover
 * takes a few seconds. {@link #close} kills every process and deletes their files.
 */
public final class LocalRedisSentinel extends Topology {

  /** The name the Sentinels monitor the master under. */
  public static final String MASTER = "cache";

  private final List<RedisServerProcess> data = new ArrayList<>();
  private final List<RedisServerProcess> sentinels = new ArrayList<>();

  private LocalRedisSentinel() throws IOException {
    super("redis-sentinel");
  }

  /**
   * Starts master, replica and Sentinels, and waits until the Sentinels see the replica and each
   * other.
   */
  public static LocalRedisSentinel start() throws IOException {
    LocalRedisSentinel topology = new LocalRedisSentinel();
    try {
      int masterPort = PrivateRedis.freePort();
      topology.data.add(topology.node(masterPort, List.of()));
      int replicaPort = PrivateRedis.freePort();
      topology.data.add(
          topology.node(
              replicaPort, List.of("--replicaof", "127.0.0.1", String.valueOf(masterPort))));
      for (int i = 0; i < 3; i++) {
        topology.sentinels.add(topology.sentinel(PrivateRedis.freePort(), masterPort));
      }
      topology.awaitSentinelsReady(Duration.ofSeconds(30));
      return topology;
    } catch (IOException | RuntimeException e) {
      topology.close();
      throw e;
    }
  }

  private RedisServerProcess node(int port, List<String> extra) throws IOException {
    List<String> options = RedisServerProcess.baseOptions(port, dir);
    options.addAll(extra);
    return started(RedisServerProcess.start(port, dir, options));
  }

  private RedisServerProcess sentinel(int port, int masterPort) throws IOException {
    // Sentinel rewrites its configuration file, so each gets its own writable one
    Path config = dir.resolve("sentinel-" + port + ".conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "port " + port,
            "bind 127.0.0.1",
            "dir " + dir,
            "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 2",
            "sentinel down-after-milliseconds " + MASTER + " 1000",
            "sentinel failover-timeout " + MASTER + " 10000",
            "sentinel parallel-syncs " + MASTER + " 1",
            ""));
    return started(RedisServerProcess.start(port, dir, List.of(config.toString(), "--sentinel")));
  }

  private void awaitSentinelsReady(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      boolean ready = true;
      for (RedisServerProcess sentinel : sentinels) {
        String master = sentinel.command("SENTINEL", "MASTER", MASTER);
        ready &=
            field(master, "num-slaves").equals("1")
                && field(master, "num-other-sentinels").equals("2");
      }
      if (ready && data.get(1).command("INFO", "replication").contains("master_link_status:up")) {
        return;
      }
      RedisServerProcess.sleep(200);
    }
    throw new IOException("the Sentinels did not see the replica and each other within " + timeout);
  }

  private static String field(String flatReply, String name) {
    List<String> values = RespLines.bulkStrings(flatReply);
    int at = values.indexOf(name);
    return at >= 0 && at + 1 < values.size() ? values.get(at + 1) : "";
  }

  /** The Sentinels' addresses as {@code REDIS_URL} takes them in sentinel mode. */
  public String sentinelAddresses() {
    return sentinels.stream().map(RedisServerProcess::address).collect(Collectors.joining(","));
  }

  /** The port of the current master, as the first live Sentinel tells it. */
  public int masterPort() throws IOException {
    for (RedisServerProcess sentinel : sentinels) {
      if (sentinel.isAlive()) {
        List<String> address =
            RespLines.bulkStrings(sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER));
        return Integer.parseInt(address.get(1));
      }
    }
    throw new IOException("no Sentinel alive");
  }

  /**
   * Kills the current master (SIGKILL); the Sentinels then promote the replica. Returns the killed
   * port.
   */
  public int killMaster() throws IOException, InterruptedException {
    int port = masterPort();
    for (RedisServerProcess node : data) {
      if (node.port() == port) {
        node.kill();
      }
    }
    return port;
  }

  /** Asks the Sentinels for a failover without killing anything ({@code SENTINEL FAILOVER}). */
  public void failover() throws IOException {
    String reply = sentinels.get(0).command("SENTINEL", "FAILOVER", MASTER);
    if (!reply.startsWith("+OK")) {
      throw new IOException("SENTINEL FAILOVER refused: " + reply.trim());
    }
  }

  /**
   * Waits until the Sentinels name a master other than {@code oldPort} and it answers as a master.
   */
  public int awaitNewMaster(int oldPort, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      int port = masterPort();
      if (port != oldPort && PrivateRedis.command(port, "ROLE").contains("master")) {
        return port;
      }
      RedisServerProcess.sleep(100);
    }
    throw new IOException("no new master within " + timeout);
  }

  /**
   * Waits until the current master has a replica whose link is up (after a failover the old master
   * resyncs).
   */
  public void awaitReplicaInSync(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      int master = masterPort();
      for (RedisServerProcess node : data) {
        if (node.port() != master
            && node.isAlive()
            && node.command("INFO", "replication").contains("master_port:" + master)
            && node.command("INFO", "replication").contains("master_link_status:up")) {
          return;
        }
      }
      RedisServerProcess.sleep(100);
    }
    throw new IOException("no replica in sync within " + timeout);
  }
}
