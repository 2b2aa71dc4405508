package dev.granular.platform;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/demo/database}: how many reads the demo stores made on this instance, to show the cache at work,
 * and how many rows each demo table holds.
 */
@Path("demo")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {

  @Inject DatabaseLatency database;
  @Inject RowCounts rows;

  /** The demo database's counters on this instance, and its row counts. */
  public record DatabaseStats(
      long reads, long latencyMillis, long products, long categories, long users) {}

  @GET
  @Path("database")
  public DatabaseStats database() {
    return new DatabaseStats(
        database.reads(),
        database.latencyMillis(),
        rows.of("Product"),
        rows.of("Category"),
        rows.of("User"));
  }
}
