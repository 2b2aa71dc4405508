package dev.granular.platform;

import dev.granular.catalog.products.entity.ProductView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/**
 * {@code GET /api/demo/database}: how many reads the demo stores made on this instance, to show the cache at work,
 * and how many rows each demo table holds.
 */
@Path("demo")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {

  @Inject DatabaseLatency database;
  @Inject RowCounts rows;

  /** The demo database's counters on this instance, and its row counts. */
  public record DatabaseStats(
      long reads, long latencyMillis, long products, long categories, long users) {}

  /**
   * The JSON of a product like {@code GET /api/products/{id}} sends for the benchmark's products, built in memory:
   * no cache, no database, no view counting. The baseline of the hit-path benchmark ({@code mvn -Pbench}).
   */
  @GET
  @Path("bare/products/{id}")
  public ProductView bareProduct(@PathParam("id") long id) {
    return new ProductView(id, BARE_NAME_PREFIX + id, BARE_DESCRIPTION, "19.99", 1, BARE_UPDATED_AT, 1);
  }

  /** What the benchmark names its products, so the bare JSON has their size. */
  public static final String BARE_NAME_PREFIX = "Benchmark product ";

  public static final String BARE_DESCRIPTION = "A product of the benchmark catalog";
  private static final Instant BARE_UPDATED_AT = Instant.parse("2026-11-26T10:00:00.123456Z");

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
