package dev.granular.bench;

import dev.granular.cache.stats.CacheStatistics;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The refill-lock benchmark's figures, as a table for people and as JSON for comparisons between
 * runs.
 */
record BenchReport(
    List<Comparison> cases,
    Latencies redisRoundTrip,
    List<Stampede.Trial> lockedStampedes,
    List<Stampede.Trial> unlockedStampedes,
    Map<String, CacheStatistics> statistics) {

  private static final String ROW = "%-18s %-9s %6d %6d %9.1f %9.1f %9.1f %9.1f";

  String table() {
    StringBuilder out = new StringBuilder();
    line(out, "");
    line(
        out,
        "Refill lock: @CacheResult with the default lock (locked) vs @RefillLocked(enabled = false) (unlocked)");
    line(
        out,
        "one run, private redis-server on loopback; variants interleaved in rounds of %d calls after a warm-up of"
            .formatted(RefillLockBenchmark.ROUND));
    line(
        out,
        "%d misses and %d hits each; a load is Thread.sleep(ms) (0 ms: none); miss = a new key per call"
            .formatted(RefillLockBenchmark.WARMUP_MISSES, RefillLockBenchmark.WARMUP_HITS));
    line(
        out,
        "Java %s, %d CPUs"
            .formatted(Runtime.version(), Runtime.getRuntime().availableProcessors()));
    line(out, "");
    line(
        out,
        "%-18s %-9s %6s %6s %9s %9s %9s %9s | %9s %10s"
            .formatted(
                "case",
                "variant",
                "calls",
                "loads",
                "p50 µs",
                "p90 µs",
                "p99 µs",
                "mean µs",
                "p50 ratio",
                "mean ratio"));
    line(out, "-".repeat(106));
    for (Comparison c : cases) {
      line(out, row(c.label(), "locked", c.locked(), c.lockedLoads()));
      line(
          out,
          row("", "unlocked", c.unlocked(), c.unlockedLoads())
              + " | %8.2fx %9.2fx".formatted(c.p50Ratio(), c.meanRatio()));
    }
    line(
        out,
        row("redis GET alone", "-", redisRoundTrip, 0)
            + "   (one round trip through Redisson, no library)");
    line(out, "");
    line(
        out,
        "Single flight: %d threads miss one new key at once, load %d ms, %d trials each"
            .formatted(
                RefillLockBenchmark.STAMPEDE_THREADS,
                RefillLockBenchmark.STAMPEDE_LOAD_MILLIS,
                RefillLockBenchmark.STAMPEDE_TRIALS));
    line(
        out,
        "%-9s %-24s %12s %24s"
            .formatted("variant", "loads per trial", "total loads", "slowest caller ms (mean)"));
    line(out, stampedeRow("locked", lockedStampedes));
    line(out, stampedeRow("unlocked", unlockedStampedes));
    CacheStatistics lockedStats = statistics.get(BenchLoader.LOCKED);
    if (lockedStats != null) {
      line(out, "");
      line(
          out,
          ("%s counters over the whole run: lock waits over 1 ms %d, total lock wait %d ms,"
                  + " lock timeouts %d, refused stores %d")
              .formatted(
                  BenchLoader.LOCKED,
                  lockedStats.lockWaits(),
                  lockedStats.lockWaitMillis(),
                  lockedStats.lockTimeouts(),
                  lockedStats.refusedStores()));
    }
    return out.toString();
  }

  void writeJson(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer writer = Files.newBufferedWriter(file);
        JsonWriter json =
            Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createWriter(writer)) {
      json.writeObject(toJson());
    }
  }

  JsonObject toJson() {
    JsonArrayBuilder comparisons = Json.createArrayBuilder();
    for (Comparison c : cases) {
      comparisons.add(
          Json.createObjectBuilder()
              .add("case", c.label())
              .add(
                  "locked",
                  Json.createObjectBuilder(c.locked().toJson()).add("loads", c.lockedLoads()))
              .add(
                  "unlocked",
                  Json.createObjectBuilder(c.unlocked().toJson()).add("loads", c.unlockedLoads()))
              .add("p50RatioLockedToUnlocked", Math.round(c.p50Ratio() * 1000) / 1000.0)
              .add("meanRatioLockedToUnlocked", Math.round(c.meanRatio() * 1000) / 1000.0));
    }
    return Json.createObjectBuilder()
        .add("benchmark", "refill-lock")
        .add("java", Runtime.version().toString())
        .add("cpus", Runtime.getRuntime().availableProcessors())
        .add("roundSize", RefillLockBenchmark.ROUND)
        .add(
            "warmup",
            Json.createObjectBuilder()
                .add("missesPerVariant", RefillLockBenchmark.WARMUP_MISSES)
                .add("hitsPerVariant", RefillLockBenchmark.WARMUP_HITS))
        .add("cases", comparisons)
        .add("redisGetRoundTrip", redisRoundTrip.toJson())
        .add(
            "singleFlight",
            Json.createObjectBuilder()
                .add("threads", RefillLockBenchmark.STAMPEDE_THREADS)
                .add("loadMillis", RefillLockBenchmark.STAMPEDE_LOAD_MILLIS)
                .add("trials", RefillLockBenchmark.STAMPEDE_TRIALS)
                .add("locked", stampedeJson(lockedStampedes))
                .add("unlocked", stampedeJson(unlockedStampedes)))
        .add("lockedCacheCounters", countersJson(statistics.get(BenchLoader.LOCKED)))
        .build();
  }

  private static String row(String label, String variant, Latencies l, int loads) {
    return String.format(
        Locale.ROOT,
        ROW,
        label,
        variant,
        l.count(),
        loads,
        l.p50(),
        l.p90(),
        l.p99(),
        l.meanMicros());
  }

  private static String stampedeRow(String variant, List<Stampede.Trial> trials) {
    String perTrial =
        String.join(" ", trials.stream().map(t -> String.valueOf(t.loads())).toList());
    int total = trials.stream().mapToInt(Stampede.Trial::loads).sum();
    double slowest = trials.stream().mapToDouble(Stampede.Trial::slowestMillis).average().orElse(0);
    return String.format(
        Locale.ROOT,
        "%-9s %-24s %5d of %4d %24.1f",
        variant,
        perTrial,
        total,
        trials.size() * RefillLockBenchmark.STAMPEDE_THREADS,
        slowest);
  }

  private static JsonObjectBuilder stampedeJson(List<Stampede.Trial> trials) {
    JsonArrayBuilder loads = Json.createArrayBuilder();
    JsonArrayBuilder slowest = Json.createArrayBuilder();
    trials.forEach(
        t -> {
          loads.add(t.loads());
          slowest.add(Latencies.round(t.slowestMillis()));
        });
    return Json.createObjectBuilder()
        .add("loadsPerTrial", loads)
        .add("totalLoads", trials.stream().mapToInt(Stampede.Trial::loads).sum())
        .add("callers", trials.size() * RefillLockBenchmark.STAMPEDE_THREADS)
        .add("slowestCallerMillisPerTrial", slowest);
  }

  private static JsonObjectBuilder countersJson(CacheStatistics s) {
    JsonObjectBuilder json = Json.createObjectBuilder();
    if (s != null) {
      json.add("hits", s.hits())
          .add("misses", s.misses())
          .add("loads", s.loads())
          .add("lockWaits", s.lockWaits())
          .add("lockWaitMillis", s.lockWaitMillis())
          .add("lockTimeouts", s.lockTimeouts())
          .add("refusedStores", s.refusedStores())
          .add("errors", s.errors());
    }
    return json;
  }

  private static void line(StringBuilder out, String text) {
    out.append(text).append('\n');
  }
}
