package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where and when the suite ran, for the results' {@code _run}. */
final class Machine {

  private Machine() {}

  static JsonObject describe(String database, double seconds, String redisGet) {
    return Json.createObjectBuilder()
        .add("date", Instant.now().toString())
        .add("cpus", Runtime.getRuntime().availableProcessors())
        .add("cpu", cpuModel())
        .add("java", Runtime.version().toString())
        .add("database", database)
        .add("wrk", "-t" + Wrk.THREADS + " -c" + Wrk.CONNECTIONS + " on the same machine")
        .add("redisBenchmarkGetPerSecond", redisGet)
        .add("seconds", Math.round(seconds))
        .build();
  }

  /**
   * {@code redis-benchmark -t get -c 8 -n 50000} against the suite's Redis, before anything else
   * runs: how fast this machine's Redis answers today, to read the other figures against.
   */
  static String redisGetRate(int port) {
    try {
      Process process =
          new ProcessBuilder(
                  "redis-benchmark",
                  "-p",
                  String.valueOf(port),
                  "-t",
                  "get",
                  "-c",
                  "8",
                  "-n",
                  "50000",
                  "-q")
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      Matcher rate = Pattern.compile("GET: ([\\d.]+) requests per second").matcher(output);
      return rate.find() ? rate.group(1) : "n/a";
    } catch (IOException | InterruptedException e) {
      return "n/a (" + e.getMessage() + ")";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
