package dev.granular.testredis;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} process on loopback (a data node or, with {@code --sentinel}, a
 * Sentinel), its log in its directory. For the multi-node topologies, which need the real binary:
 * embedded-redis cannot run a Cluster or Sentinel.
 */
public final class RedisServerProcess implements AutoCloseable {

  private static final String BINARY = "redis-server";

  private final int port;
  private final Process process;

  private RedisServerProcess(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /**
   * Starts {@code redis-server} with {@code arguments} (a config file first, if any, then {@code
   * --option value} pairs), listening on {@code port}, and waits until it answers PING.
   */
  public static RedisServerProcess start(int port, Path dir, List<String> arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(BINARY);
    command.addAll(arguments);
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
            .start();
    RedisServerProcess server = new RedisServerProcess(port, process);
    server.awaitAnswer(Duration.ofSeconds(20));
    return server;
  }

  /** The options every node gets: loopback only, nothing persisted, files in {@code dir}. */
  public static List<String> baseOptions(int port, Path dir) {
    return new ArrayList<>(
        List.of(
            "--port", String.valueOf(port),
            "--bind", "127.0.0.1",
            "--dir", dir.toString(),
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--loglevel", "notice"));
  }

  public int port() {
    return port;
  }

  public String address() {
    return "redis://127.0.0.1:" + port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends one command and returns the raw reply. */
  public String command(String... words) throws IOException {
    return PrivateRedis.command(port, words);
  }

  /** Kills the process at once (SIGKILL), as a crashed machine would vanish. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  private void awaitAnswer(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "redis-server on port " + port + " exited with " + process.exitValue());
      }
      try {
        if (command("PING").startsWith("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      sleep(50);
    }
    close();
    throw new IOException("redis-server did not answer on port " + port + " within " + timeout);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
