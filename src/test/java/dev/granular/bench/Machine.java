package dev.granular.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Where and when the suite ran, for the results' {@code _run}. */
final class Machine {

  private Machine() {}

  static JsonObject describe(String database, double seconds) {
    return Json.createObjectBuilder()
        .add("date", Instant.now().toString())
        .add("cpus", Runtime.getRuntime().availableProcessors())
        .add("cpu", cpuModel())
        .add("java", Runtime.version().toString())
        .add("database", database)
        .add("wrk", "-t" + Wrk.THREADS + " -c" + Wrk.CONNECTIONS + " on the same machine")
        .add("seconds", Math.round(seconds))
        .build();
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
