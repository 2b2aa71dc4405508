package dev.granular.bench;

import dev.granular.cache.redis.RedisCacheManager;
import dev.granular.testredis.PrivateRedis;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a cached product costs in Redis against its JSON. Redisson keeps a cache in one hash ({@code
 * cache:v1:products}) and its expiry times in a sorted set ({@code
 * jcache_timeout_set:{cache:v1:products}}), so the cost of one entry is a slope: {@code MEMORY
 * USAGE <key> SAMPLES 0} (every field counted) and {@code HLEN} are read at two points of the run,
 * after the hot products' warm-up and after the Zipf mix, and the growth of the usage is divided by
 * the growth of the entry count. That leaves out the key's fixed overhead. The JSON size is the
 * mean length of the bodies of {@code GET /api/products/{id}} for the hot products.
 */
final class RedisBytes {

  /** One reading of the cache's hash and its expiry set. */
  record Point(long entries, long hashBytes, long expiryBytes) {}

  private final int redisPort;
  private final String hash = RedisCacheManager.redisName("products");
  private final String expiry = "jcache_timeout_set:{" + hash + "}";

  RedisBytes(int redisPort) {
    this.redisPort = redisPort;
  }

  Point read() throws IOException {
    return new Point(integer("HLEN", hash), usage(hash), usage(expiry));
  }

  static double jsonBytes(BenchApp app, Catalog catalog, int samples) throws Exception {
    long total = 0;
    for (int i = 0; i < samples; i++) {
      total +=
          app.get("api/products/" + (catalog.firstId() + i))
              .getBytes(StandardCharsets.UTF_8)
              .length;
    }
    return (double) total / samples;
  }

  Row row(Point first, Point second, double jsonBytes) {
    long entries = second.entries() - first.entries();
    if (entries < 100) {
      return Row.skipped(
          "redis_bytes_vs_json",
          Row.Goal.atMost(1.2),
          "too few new entries between the two readings: " + entries,
          Json.createObjectBuilder().build());
    }
    double perEntry = (double) (second.hashBytes() - first.hashBytes()) / entries;
    double expiryPerEntry = (double) (second.expiryBytes() - first.expiryBytes()) / entries;
    return Row.measured(
        "redis_bytes_vs_json",
        perEntry / jsonBytes,
        Row.Goal.atMost(1.2),
        Json.createObjectBuilder()
            .add("hashBytesPerEntry", Figures.round(perEntry, 1))
            .add("jsonBytes", Figures.round(jsonBytes, 1))
            .add("expirySetBytesPerEntry", Figures.round(expiryPerEntry, 1))
            .add(
                "hashBytesPerEntryIncludingKeyOverhead",
                Figures.round((double) second.hashBytes() / second.entries(), 1))
            .add(
                "readings",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("entries", first.entries())
                            .add("hashBytes", first.hashBytes())
                            .add("expirySetBytes", first.expiryBytes()))
                    .add(
                        Json.createObjectBuilder()
                            .add("entries", second.entries())
                            .add("hashBytes", second.hashBytes())
                            .add("expirySetBytes", second.expiryBytes())))
            .add(
                "method",
                "ratio = (MEMORY USAGE "
                    + hash
                    + " SAMPLES 0 growth / HLEN growth) between the two"
                    + " readings, over the mean GET body size; the expiry set and tag keys are extra, not in the ratio")
            .build());
  }

  private long usage(String key) throws IOException {
    return integer("MEMORY", "USAGE", key, "SAMPLES", "0");
  }

  private long integer(String... command) throws IOException {
    String reply = PrivateRedis.command(redisPort, command).strip();
    if (reply.startsWith("$-1") || reply.startsWith("_")) {
      return 0; // no such key
    }
    if (!reply.startsWith(":")) {
      throw new IOException(String.join(" ", command) + " answered " + reply);
    }
    return Long.parseLong(reply.substring(1));
  }

  /**
   * The row for packed values ({@code cache.products.compress=true}), with the plain JSON
   * measurement of another boot in its details: the ratio is that of the setting meant for memory,
   * the default's is beside it.
   */
  static Row packedAndPlain(Row packed, Row plain) {
    if (packed.ratio() == null) {
      return plain;
    }
    JsonObject details =
        Json.createObjectBuilder(packed.details())
            .add(
                "values",
                "packed (cache.products.compress=true); plainJson: the default, measured in the near-cache boot")
            .add(
                "plainJson",
                Json.createObjectBuilder(plain.details())
                    .add("ratio", plain.ratio() == null ? 0 : plain.ratio()))
            .build();
    return Row.measured("redis_bytes_vs_json", packed.ratio(), Row.Goal.atMost(1.2), details);
  }
}
