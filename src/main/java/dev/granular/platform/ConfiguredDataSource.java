package dev.granular.platform;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The connection source behind the application's pooled data source ({@link DatabaseDefinition}).
 * It reads {@code DB_URL}, {@code DB_USER} and {@code DB_PASSWORD} from system properties or the
 * environment, so the same WAR runs on PostgreSQL in production and on an embedded in-memory H2
 * database when {@code DB_URL} is unset. The server pools and enlists the connections; this class
 * only opens them.
 */
public class ConfiguredDataSource implements DataSource {

  static final String DEFAULT_URL = "jdbc:h2:mem:catalog;DB_CLOSE_DELAY=-1";
  private static final Logger LOG = Logger.getLogger(ConfiguredDataSource.class.getName());

  private final String url = setting("DB_URL").orElse(DEFAULT_URL);
  private final Driver driver = driverFor(url);
  private PrintWriter logWriter;
  private int loginTimeout;

  @Override
  public Connection getConnection() throws SQLException {
    Properties properties = new Properties();
    setting("DB_USER").ifPresent(user -> properties.setProperty("user", user));
    setting("DB_PASSWORD").ifPresent(password -> properties.setProperty("password", password));
    Connection connection = driver.connect(url, properties);
    if (connection == null) {
      throw new SQLException("No JDBC driver accepts " + url);
    }
    return connection;
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
  }

  /**
   * Setters the server may call with the data source definition's properties; the URL comes from
   * DB_URL.
   */
  public void setUrl(String ignored) {}

  public void setURL(String ignored) {}

  private static Driver driverFor(String url) {
    String driverClass =
        url.startsWith("jdbc:postgresql:")
            ? "org.postgresql.Driver"
            : url.startsWith("jdbc:h2:") ? "org.h2.Driver" : null;
    LOG.info(() -> "Database: " + url.replaceAll("password=[^&;]*", "password=***"));
    try {
      if (driverClass != null) {
        return (Driver)
            Class.forName(driverClass, true, ConfiguredDataSource.class.getClassLoader())
                .getConstructor()
                .newInstance();
      }
      return DriverManager.getDriver(url);
    } catch (ReflectiveOperationException | SQLException e) {
      throw new IllegalStateException("No JDBC driver for " + url, e);
    }
  }

  private static Optional<String> setting(String key) {
    String value = System.getProperty(key, System.getenv(key));
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
