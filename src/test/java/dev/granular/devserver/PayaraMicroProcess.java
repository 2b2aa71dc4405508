package dev.granular.devserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Payara Micro process serving the WAR at {@code /} on a given port, with the options in {@code
 * server-config/micro-options}: what {@code mvn -Prun} runs, and what multi-instance tests start
 * twice.
 */
public final class PayaraMicroProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private PayaraMicroProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts Payara Micro. {@code systemProperties} become {@code -D} options of its JVM; its output
   * goes to {@code log}, or to this process's output when {@code log} is null.
   */
  public static PayaraMicroProcess start(
      Path micro,
      Path war,
      Path serverConfig,
      int port,
      List<String> jvmOptions,
      Map<String, String> systemProperties,
      Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(
        List.of("-jar", micro.toString(), "--deploy", war.toString(), "--contextroot", "/"));
    command.addAll(List.of("--port", String.valueOf(port)));
    command.addAll(DevServer.MicroOptions.from(serverConfig));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (log == null) {
      builder.inheritIO();
    } else {
      builder.redirectOutput(log.toFile());
    }
    return new PayaraMicroProcess(builder.start(), port);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  public Process process() {
    return process;
  }

  /** Waits until {@code /health/ready} answers 200; false when the process died or time ran out. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "health/ready")).build();
    Instant deadline = Instant.now().plus(timeout);
    while (process.isAlive() && Instant.now().isBefore(deadline)) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // still booting
      }
      Thread.sleep(500);
    }
    return false;
  }

  /** Kills the process at once (SIGKILL), like a crash: no shutdown hook, no cleanup. */
  public void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops Payara gracefully, forcibly after 30 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
