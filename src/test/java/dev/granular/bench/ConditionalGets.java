package dev.granular.bench;

import jakarta.json.Json;
import java.util.List;

/**
 * {@code http_304_vs_full}: throughput of conditional {@code GET /api/products/{id}} requests that the server answers
 * 304 (the client's {@code If-None-Match} is current) over the same cached GET answered in full. Both are cache hits
 * and both count a view; the 304 skips writing the body and its JSON.
 */
final class ConditionalGets {

  private static final int SECONDS = 10;

  private ConditionalGets() {}

  static Row row(Wrk wrk, BenchApp app, Catalog catalog) throws Exception {
    String path = "/api/products/" + catalog.firstId();
    String etag = app.etag(path.substring(1));
    List<Double> fullWarmUp = wrk.untilSteady(app.baseUrl(), "conditional.lua", List.of(path, ""));
    List<Double> notModifiedWarmUp = wrk.untilSteady(app.baseUrl(), "conditional.lua", List.of(path, etag));
    Wrk.Run full = wrk.run(app.baseUrl(), "conditional.lua", SECONDS, List.of(path, ""));
    Wrk.Run notModified = wrk.run(app.baseUrl(), "conditional.lua", SECONDS, List.of(path, etag));
    return Row.measured("http_304_vs_full", notModified.requestsPerSecond() / full.requestsPerSecond(),
        Row.Goal.atLeast(1.0),
        Json.createObjectBuilder()
            .add("notModified", Figures.of(notModified))
            .add("full", Figures.of(full))
            .add("warmUpRequestsPerSecond", Json.createObjectBuilder()
                .add("notModified", HttpRows.WarmUp.rates(notModifiedWarmUp))
                .add("full", HttpRows.WarmUp.rates(fullWarmUp)))
            .add("settings", "one product (" + path + "), wrk -t" + Wrk.THREADS + " -c" + Wrk.CONNECTIONS + " -d"
                + SECONDS + "s each after each was warmed up " + Wrk.STEADY_DESCRIPTION + ", full first; notModified sends If-None-Match: " + etag
                + "; goal ours: a revalidation is no slower than the full answer")
            .build());
  }
}
