package dev.granular.bench;

import jakarta.json.Json;
import java.util.List;

/**
 * {@code http_304_vs_full}: throughput of conditional {@code GET /api/products/{id}} requests that
 * the server answers 304 (the client's {@code If-None-Match} is current) over the same cached GET
 * answered in full. Both are cache hits and both count a view; the 304 skips writing the body and
 * its JSON. The ratio is the median of {@value HttpRows#ROUNDS} pairs of runs (full, then 304): one
 * pair of 10 s runs measured the machine's drift as much as the difference (0.988 in the 03:51 run
 * of 2026-12-07, whose warm-up rounds put the 304 10 % ahead).
 */
final class ConditionalGets {

  private static final int SECONDS = 10;

  private ConditionalGets() {}

  static Row row(Wrk wrk, BenchApp app, Catalog catalog) throws Exception {
    String path = "/api/products/" + catalog.firstId();
    String etag = app.etag(path.substring(1));
    List<Double> fullWarmUp = wrk.untilSteady(app.baseUrl(), "conditional.lua", List.of(path, ""));
    List<Double> notModifiedWarmUp =
        wrk.untilSteady(app.baseUrl(), "conditional.lua", List.of(path, etag));
    RunPairs pairs =
        RunPairs.alternate(
            wrk,
            app.baseUrl(),
            "conditional.lua",
            SECONDS,
            new RunPairs.Side("full", List.of(path, "")),
            new RunPairs.Side("notModified", List.of(path, etag)));
    return Row.measured(
        "http_304_vs_full",
        pairs.ratio(),
        Row.Goal.atLeast(1.0),
        Json.createObjectBuilder()
            .add("notModified", Figures.of(pairs.medianMeasured()))
            .add("full", Figures.of(pairs.medianBaseline()))
            .add("measuredPairsRequestsPerSecond", pairs.json())
            .add(
                "warmUpRequestsPerSecond",
                Json.createObjectBuilder()
                    .add("notModified", HttpRows.WarmUp.rates(notModifiedWarmUp))
                    .add("full", HttpRows.WarmUp.rates(fullWarmUp)))
            .add(
                "settings",
                "one product ("
                    + path
                    + "), each warmed up "
                    + Wrk.STEADY_DESCRIPTION
                    + ", then "
                    + HttpRows.ROUNDS
                    + " pairs of wrk -t"
                    + Wrk.THREADS
                    + " -c"
                    + Wrk.CONNECTIONS
                    + " -d"
                    + SECONDS
                    + "s (full, then notModified), the ratio the median of the pairs', the figures the median pair's;"
                    + " notModified sends If-None-Match: "
                    + etag
                    + "; goal ours: a revalidation is no slower than the full answer")
            .build());
  }
}
