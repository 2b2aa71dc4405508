package dev.granular.bench;

import dev.granular.platform.DemoResource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;

/**
 * The benchmark's catalog: one category and {@code count} products with consecutive ids from {@code
 * firstId}, named like the bare endpoint's ({@link DemoResource#BARE_NAME_PREFIX}) so both send
 * JSON of the same size.
 *
 * <p>Seeding measures two ways and uses both: the first {@value #POSTED} products go through {@code
 * POST /api/products} from {@value #POSTERS} parallel callers, the rest as batched SQL inserts
 * straight into the database (the same columns JPA writes; the id sequence is moved past them). The
 * rates of both are reported.
 */
record Catalog(
    long categoryId, long firstId, int count, double postsPerSecond, double insertsPerSecond) {

  private static final Logger LOG = Logger.getLogger(Catalog.class.getName());
  static final int POSTED = 200;
  static final int POSTERS = 8;

  static Catalog seed(BenchApp app, BenchDatabase database, int count) throws Exception {
    String created = app.send("POST", "api/categories", "{\"name\":\"Benchmark category\"}", 201);
    long category =
        Json.createReader(new StringReader(created)).readObject().getJsonNumber("id").longValue();
    long started = System.nanoTime();
    List<Long> ids = post(app, category, Math.min(POSTED, count));
    double posts = ids.size() / seconds(started);
    long first = ids.stream().mapToLong(Long::longValue).min().orElseThrow();
    long last = ids.stream().mapToLong(Long::longValue).max().orElseThrow();
    if (last - first + 1 != ids.size()) {
      throw new IllegalStateException(
          "posted products have gaps in their ids: " + first + ".." + last);
    }
    started = System.nanoTime();
    insert(database, first, last + 1, count - ids.size());
    double inserts = (count - ids.size()) / seconds(started);
    LOG.info(
        () ->
            "Seeded "
                + count
                + " products: POST "
                + Math.round(posts)
                + "/s, SQL "
                + Math.round(inserts)
                + "/s");
    return new Catalog(category, first, count, posts, inserts);
  }

  static String body(long id, long category) {
    return "{\"name\":\""
        + DemoResource.BARE_NAME_PREFIX
        + id
        + "\",\"description\":\""
        + DemoResource.BARE_DESCRIPTION
        + "\",\"price\":\"19.99\",\"categoryId\":"
        + category
        + "}";
  }

  JsonObject toJson() {
    return Json.createObjectBuilder()
        .add("products", count)
        .add("firstId", firstId)
        .add("seedPostsPerSecond", Figures.round(postsPerSecond, 1))
        .add("seedSqlInsertsPerSecond", Figures.round(insertsPerSecond, 1))
        .build();
  }

  private static List<Long> post(BenchApp app, long category, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(POSTERS);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        // named by its position: the id is known only once created (on a fresh database they are
        // the same)
        String body = body(i, category);
        futures.add(
            pool.submit(
                () -> {
                  String json = app.send("POST", "api/products", body, 201);
                  return Json.createReader(new StringReader(json))
                      .readObject()
                      .getJsonNumber("id")
                      .longValue();
                }));
      }
      List<Long> ids = new ArrayList<>();
      for (Future<Long> future : futures) {
        ids.add(future.get());
      }
      return ids;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Copies the posted product {@code template} into {@code count} new rows from {@code firstId},
   * each with its own name: every other column as JPA wrote it (EclipseLink stores the {@code
   * Instant} in a form of its own on H2).
   */
  private static void insert(BenchDatabase database, long template, long firstId, int count)
      throws Exception {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "insert into product (id, name, description, price, category_id, updatedat, version, views)"
                  + " select ?, ?, description, price, category_id, updatedat, version, 0 from product where id = ?")) {
        for (int i = 0; i < count; i++) {
          long id = firstId + i;
          insert.setLong(1, id);
          insert.setString(2, DemoResource.BARE_NAME_PREFIX + id);
          insert.setLong(3, template);
          insert.addBatch();
          if (i % 1000 == 999) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("alter sequence product_seq restart with " + (firstId + count));
      }
      connection.commit();
    }
  }

  private static double seconds(long startedNanos) {
    return Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
  }
}
