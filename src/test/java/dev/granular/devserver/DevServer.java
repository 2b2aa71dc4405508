package dev.granular.devserver;

import dev.granular.testredis.PrivateRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * What {@code mvn -Prun} runs: serves the WAR on Payara Micro in the foreground at {@code
 * http://localhost:$PORT}, with a private Redis unless {@code REDIS_URL} is set. Ctrl-C or SIGTERM
 * stops Payara and the private Redis.
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

    PayaraMicroProcess payara =
        PayaraMicroProcess.start(
            micro,
            war,
            serverConfig,
            port,
            List.of(env("JAVA_OPTS", "-Xmx1g").split("\\s+")),
            java.util.Map.of("REDIS_URL", redisUrl),
            null);
    PrivateRedis ownRedis = redis;
    Thread stopper = new Thread(() -> stop(payara, ownRedis), "stop-payara");
    Runtime.getRuntime().addShutdownHook(stopper);

    if (payara.awaitReady(Duration.ofMinutes(5))) {
      LOG.info(
          "Ready: http://localhost:"
              + port
              + "/api/products  (health: /health/ready, stats: /api/cache/stats)"
              + "  Ctrl-C stops it.");
    }
    int exit = payara.process().waitFor();
    stop(payara, ownRedis);
    LOG.info("Payara Micro exited with " + exit);
  }

  private static synchronized void stop(PayaraMicroProcess payara, PrivateRedis redis) {
    if (payara.process().isAlive()) {
      LOG.info("Stopping Payara Micro");
      payara.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * The Payara Micro options kept in {@code server-config/micro-options}, one per line; # starts a
   * comment.
   */
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
