package dev.granular.devserver;

import dev.granular.testredis.PrivateRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * What {@code mvn -Prun} runs: serves the WAR on Payara Micro in the foreground at {@code http://localhost:$PORT},
 * with a private Redis unless {@code REDIS_URL} is set. Ctrl-C or SIGTERM stops Payara and the private Redis.
 *
 * <p>Arguments: the Payara Micro jar, the WAR, the {@code server-config} folder.
 */
public final class DevServer {

  private static final Logger LOG = Logger.getLogger(DevServer.class.getName());

  private DevServer() {}

  public static void main(String[] args) throws Exception {
    Path micro = Path.of(args[0]);
    Path war = Path.of(args[1]);
    Path serverConfig = Path.of(args[2]);
    int port = Integer.parseInt(env("PORT", "8080"));

    PrivateRedis redis = null;
    String redisUrl = System.getenv("REDIS_URL");
    if (redisUrl == null || redisUrl.isBlank()) {
      redis = PrivateRedis.start(PrivateRedis.freePort());
      redisUrl = redis.url();
    }

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(env("JAVA_OPTS", "-Xmx1g").split("\\s+")));
    command.addAll(List.of("-jar", micro.toString(), "--deploy", war.toString(), "--contextroot", "/"));
    command.addAll(List.of("--port", String.valueOf(port)));
    command.addAll(MicroOptions.from(serverConfig));

    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().put("REDIS_URL", redisUrl);
    Process payara = builder.start();
    PrivateRedis ownRedis = redis;
    Thread stopper = new Thread(() -> stop(payara, ownRedis), "stop-payara");
    Runtime.getRuntime().addShutdownHook(stopper);

    awaitReady(payara, port);
    int exit = payara.waitFor();
    stop(payara, ownRedis);
    LOG.info("Payara Micro exited with " + exit);
  }

  private static void awaitReady(Process payara, int port) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/ready")).build();
    while (payara.isAlive()) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          LOG.info(
              "Ready: http://localhost:" + port + "/api/products  (health: /health/ready, stats: /api/cache/stats)"
                  + "  Ctrl-C stops it.");
          return;
        }
      } catch (IOException notYet) {
        // still booting
      }
      Thread.sleep(500);
    }
  }

  private static synchronized void stop(Process payara, PrivateRedis redis) {
    if (payara.isAlive()) {
      LOG.info("Stopping Payara Micro");
      payara.destroy();
      try {
        if (!payara.waitFor(30, TimeUnit.SECONDS)) {
          payara.descendants().forEach(ProcessHandle::destroyForcibly);
          payara.destroyForcibly();
        }
      } catch (InterruptedException e) {
        payara.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The Payara Micro options kept in {@code server-config/micro-options}, one per line; # starts a comment. */
  static final class MicroOptions {
    static List<String> from(Path serverConfig) throws IOException {
      List<String> options = new ArrayList<>();
      for (String line : Files.readAllLines(serverConfig.resolve("micro-options"))) {
        String option = line.replaceAll("#.*", "").strip();
        if (!option.isEmpty()) {
          for (String word : option.split("\\s+", 2)) {
            options.add(word.replace("${SERVER_CONFIG}", serverConfig.toAbsolutePath().toString()));
          }
        }
      }
      return options;
    }
  }
}
