package dev.granular.testredis;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the integration tests' own Redis before any test runs, on the port the build reserved
 * ({@code test.redis.port}), and stops it when the test JVM is done. Unit test runs, which do not
 * set the port, start nothing.
 */
public class TestRedisSession implements LauncherSessionListener {

  private PrivateRedis redis;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    String port = System.getProperty("test.redis.port");
    if (port == null || port.isBlank() || port.startsWith("$")) {
      return;
    }
    try {
      redis = PrivateRedis.start(Integer.parseInt(port));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the tests' Redis on port " + port, e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (redis != null) {
      redis.close();
    }
  }
}
