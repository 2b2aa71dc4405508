package dev.granular.testredis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the local topologies share: a temporary directory, the processes started in it, and a JVM
 * shutdown hook, so that no {@code redis-server} outlives the test run even when a test forgets
 * {@link #close} or the JVM is stopped.
 */
abstract class Topology implements AutoCloseable {

  protected final Path dir;
  protected final List<RedisServerProcess> processes = new ArrayList<>();
  private final Thread hook = new Thread(this::stopAll, "redis-topology-cleanup");

  protected Topology(String name) throws IOException {
    this.dir = Files.createTempDirectory(name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  protected RedisServerProcess started(RedisServerProcess process) {
    processes.add(process);
    return process;
  }

  private synchronized void stopAll() {
    processes.forEach(RedisServerProcess::close);
    processes.clear();
    deleteQuietly(dir);
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it stops the processes anyway
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temp directory left behind is harmless
    }
  }
}
