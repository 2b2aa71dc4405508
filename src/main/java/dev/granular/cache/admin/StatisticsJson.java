package dev.granular.cache.admin;

import dev.granular.cache.stats.CacheStatistics;
import dev.granular.cache.stats.ClusterStatistics;
import dev.granular.cache.stats.InvalidationStatistics;
import dev.granular.cache.stats.StatisticsHistory;
import dev.granular.cache.tag.TagGroupSize;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents of the statistics endpoints, built field by field so their shape is explicit.
 */
final class StatisticsJson {

  private StatisticsJson() {}

  static JsonObject caches(Map<String, CacheStatistics> caches) {
    JsonObjectBuilder result = Json.createObjectBuilder();
    caches.forEach((name, statistics) -> result.add(name, cache(statistics)));
    return result.build();
  }

  static JsonObject cache(CacheStatistics statistics) {
    JsonObjectBuilder result = Json.createObjectBuilder();
    statistics.counters().forEach(result::add);
    return result
        .add("hitRate", round(statistics.hitRate()))
        .add("meanLoadMillis", round(statistics.meanLoadMillis()))
        .add("meanEvictionLagMillis", round(statistics.meanEvictionLagMillis()))
        .build();
  }

  static JsonObject invalidations(InvalidationStatistics statistics) {
    return Json.createObjectBuilder()
        .add("invalidations", statistics.invalidations())
        .add("tags", statistics.tags())
        .add("failures", statistics.failures())
        .add("lagMillis", statistics.lagMillis())
        .add("lagP50Micros", statistics.lagP50Micros())
        .add("lagP99Micros", statistics.lagP99Micros())
        .add("lagMaxMicros", statistics.lagMaxMicros())
        .build();
  }

  static JsonObject cluster(ClusterStatistics cluster) {
    JsonObjectBuilder invalidations = Json.createObjectBuilder();
    cluster.invalidations().forEach(invalidations::add);
    long count = cluster.invalidations().getOrDefault("invalidations", 0L);
    long lag = cluster.invalidations().getOrDefault("lagMillis", 0L);
    invalidations.add("meanLagMillis", count == 0 ? 0 : round((double) lag / count));
    return Json.createObjectBuilder()
        .add("reportedAt", cluster.reportedAt())
        .add("instances", cluster.instances())
        .add("caches", caches(cluster.caches()))
        .add("invalidations", invalidations)
        .build();
  }

  static JsonArray tagGroups(List<TagGroupSize> groups) {
    JsonArrayBuilder result = Json.createArrayBuilder();
    groups.forEach(
        g ->
            result.add(Json.createObjectBuilder().add("tag", g.tag()).add("entries", g.entries())));
    return result.build();
  }

  static JsonArray history(List<StatisticsHistory.Point> points) {
    JsonArrayBuilder result = Json.createArrayBuilder();
    for (StatisticsHistory.Point point : points) {
      JsonObjectBuilder caches = Json.createObjectBuilder();
      point
          .caches()
          .forEach(
              (name, counts) ->
                  caches.add(
                      name,
                      Json.createObjectBuilder().add("hits", counts[0]).add("misses", counts[1])));
      result.add(Json.createObjectBuilder().add("at", point.at()).add("caches", caches));
    }
    return result.build();
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
