package dev.granular.bench;

import dev.granular.testredis.PrivateRedis;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.h2.tools.Server;

/**
 * The database of the suite's boots: PostgreSQL when {@code DB_URL} is set (the boots inherit it
 * from the environment), else an in-memory H2 served over TCP from this process, so every boot sees
 * the same seeded rows.
 */
final class BenchDatabase implements AutoCloseable {

  private final Server h2;
  private final String url;

  private BenchDatabase(Server h2, String url) {
    this.h2 = h2;
    this.url = url;
  }

  static BenchDatabase start() throws IOException, SQLException {
    String dbUrl = System.getenv("DB_URL");
    if (dbUrl != null && !dbUrl.isBlank()) {
      return new BenchDatabase(null, dbUrl);
    }
    int port = PrivateRedis.freePort();
    Server h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
    return new BenchDatabase(
        h2, "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:bench;DB_CLOSE_DELAY=-1");
  }

  /**
   * What the app needs to reach this database (nothing for PostgreSQL: DB_URL is in the
   * environment).
   */
  Map<String, String> settings() {
    return h2 == null ? Map.of() : Map.of("DB_URL", url);
  }

  String kind() {
    return h2 == null ? "PostgreSQL (DB_URL)" : "H2 2.2 in memory, over TCP";
  }

  Connection connect() throws SQLException {
    if (h2 != null) {
      return DriverManager.getConnection(url);
    }
    String user = System.getenv("DB_USER");
    String password = System.getenv("DB_PASSWORD");
    return DriverManager.getConnection(url, user, password == null ? "" : password);
  }

  @Override
  public void close() {
    if (h2 != null) {
      h2.stop();
    }
  }
}
