package dev.granular.cache.admin;

import dev.granular.cache.stats.CacheStatistics;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET cache/stats}: this instance's counters per cache name. */
@Path("cache")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CacheStatsResource {

  @Inject CacheStatisticsRegistry statistics;

  @GET
  @Path("stats")
  public Map<String, CacheStatistics> stats() {
    return statistics.snapshot();
  }
}
