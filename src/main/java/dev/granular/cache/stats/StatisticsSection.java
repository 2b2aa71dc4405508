package dev.granular.cache.stats;

import jakarta.json.JsonObject;

/**
 * A further part of {@code GET /api/cache/stats}, such as the progress of cache warming: a CDI bean
 * implementing it adds {@code "<name>": <statistics>} to the document.
 */
public interface StatisticsSection {

  String name();

  JsonObject statistics();
}
