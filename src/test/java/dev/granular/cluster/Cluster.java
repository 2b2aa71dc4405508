package dev.granular.cluster;

import dev.granular.devserver.PayaraMicroProcess;
import dev.granular.testredis.PrivateRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.h2.tools.Server;

/**
 * Several Payara Micro instances of the packaged WAR on the tests' Redis and one shared database:
 * PostgreSQL when {@code DB_URL} is set (the instances inherit it), else an H2 server started here.
 * Logs go to {@code target/<name>/instance-<n>.log}.
 */
public final class Cluster implements AutoCloseable {

  private final List<PayaraMicroProcess> instances = new ArrayList<>();
  private Server h2;
  private Map<String, String> properties;
  private Path logs;
  private String h2Url;

  private Cluster() {}

  /** Starts {@code size} instances one after the other (the first boot creates the schema). */
  public static Cluster start(String name, int size, Map<String, String> settings)
      throws Exception {
    return start(name, size, settings, index -> Map.of());
  }

  /**
   * Starts {@code size} instances, each with the shared settings plus its own ({@code
   * instanceSettings(index)}).
   */
  public static Cluster start(
      String name,
      int size,
      Map<String, String> settings,
      IntFunction<Map<String, String>> instanceSettings)
      throws Exception {
    Cluster cluster = new Cluster();
    try {
      Map<String, String> properties = new HashMap<>(settings);
      properties.putIfAbsent(
          "REDIS_URL", "redis://127.0.0.1:" + Integer.getInteger("test.redis.port"));
      String dbUrl = System.getenv("DB_URL");
      if (dbUrl == null || dbUrl.isBlank()) {
        int port = PrivateRedis.freePort();
        cluster.h2 =
            Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
        cluster.h2Url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + name + ";DB_CLOSE_DELAY=-1";
        properties.put("DB_URL", cluster.h2Url);
      }
      cluster.properties = properties;
      cluster.logs = Files.createDirectories(Path.of("target", name));
      for (int i = 0; i < size; i++) {
        Map<String, String> own = new HashMap<>(instanceSettings.apply(i));
        cluster.add(own);
      }
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  public List<PayaraMicroProcess> instances() {
    return instances;
  }

  public PayaraMicroProcess get(int index) {
    return instances.get(index);
  }

  /**
   * Starts one more instance on the same Redis and database, with {@code overrides} on top of the
   * settings.
   */
  public PayaraMicroProcess add(Map<String, String> overrides) throws Exception {
    Map<String, String> settings = new HashMap<>(properties);
    settings.putAll(overrides);
    PayaraMicroProcess instance =
        startInstance(settings, logs.resolve("instance-" + instances.size() + ".log"));
    instances.add(instance);
    return instance;
  }

  /** The log file of the instance at {@code index}. */
  public Path log(int index) {
    return logs.resolve("instance-" + index + ".log");
  }

  /** A connection to the instances' database, for tests that check what was written. */
  public Connection openDatabase() throws SQLException {
    if (h2Url != null) {
      return DriverManager.getConnection(h2Url);
    }
    String password = System.getenv("DB_PASSWORD");
    return DriverManager.getConnection(
        System.getenv("DB_URL"), System.getenv("DB_USER"), password == null ? "" : password);
  }

  /**
   * Starts an instance, once more on another port if the first try does not come up (a port taken
   * meanwhile).
   */
  private static PayaraMicroProcess startInstance(Map<String, String> properties, Path log)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      PayaraMicroProcess instance =
          PayaraMicroProcess.start(
              Path.of("target", "payara-micro.jar"),
              Path.of(System.getProperty("test.war", "target/granular-cache.war")),
              Path.of("server-config"),
              PrivateRedis.freePort(),
              List.of("-Xmx512m"),
              properties,
              log);
      if (instance.awaitReady(Duration.ofMinutes(3))) {
        return instance;
      }
      instance.close();
      if (attempt >= 2) {
        throw new AssertionError("instance not ready; see " + log);
      }
    }
  }

  @Override
  public void close() {
    instances.forEach(PayaraMicroProcess::close);
    if (h2 != null) {
      h2.stop();
    }
  }
}
