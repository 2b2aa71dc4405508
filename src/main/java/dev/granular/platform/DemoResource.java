package dev.granular.platform;

import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.LuaScript;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.catalog.products.entity.ProductView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/demo/database}: how many reads the demo stores made on this instance, to show the
 * cache at work, and how many rows each demo table holds.
 */
@Path("demo")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {

  @Inject DatabaseLatency database;
  @Inject RowCounts rows;
  @Inject RedisConnection redis;

  /** The least a cache hit can ask of Redis: one script that reads one hash field. */
  private static final LuaScript READ_ONE_FIELD =
      LuaScript.of("return redis.call('HGET', KEYS[1], ARGV[1])");

  private static final List<String> FLOOR_KEY = List.of("{demo}:floor");

  /** The demo database's counters on this instance, and its row counts. */
  public record DatabaseStats(
      long reads, long latencyMillis, long products, long categories, long users) {}

  /**
   * The JSON of a product like {@code GET /api/products/{id}} sends for the benchmark's products,
   * built in memory: no cache, no database, no view counting. The baseline of the hit-path
   * benchmark ({@code mvn -Pbench}).
   */
  @GET
  @Path("bare/products/{id}")
  public ProductView bareProduct(@PathParam("id") long id) {
    return new ProductView(
        id, BARE_NAME_PREFIX + id, BARE_DESCRIPTION, "19.99", 1, BARE_UPDATED_AT, 1);
  }

  /**
   * The bare product after one round trip to Redis over the cache's own client (a one-line script
   * reading a hash field that does not exist): the fastest a Redis-backed hit could be in this app,
   * whatever the cache does. The benchmark measures it beside the bare endpoint to tell the round
   * trip's cost from the cache's. 404 when the Redis client has no direct connections (Sentinel,
   * Cluster).
   */
  @GET
  @Path("floor/products/{id}")
  public ProductView floorProduct(@PathParam("id") long id) {
    DirectConnections direct =
        redis
            .direct()
            .orElseThrow(() -> new NotFound("direct Redis connection", "for this Redis mode"));
    redis.circuit().call(() -> direct.read(READ_ONE_FIELD, FLOOR_KEY, List.of(String.valueOf(id))));
    return bareProduct(id);
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
