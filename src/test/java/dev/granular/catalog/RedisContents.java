package dev.granular.catalog;

import java.util.Set;
import java.util.TreeSet;
import org.redisson.Redisson;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Everything the tests' Redis holds, as names: every key, and every field of every hash (a cache
 * keeps all its entries, "absent" ones too, as fields of one hash). Two readings show whether
 * requests left anything behind. The view write-back's batches are not part of it ({@link #keys}).
 */
final class RedisContents implements AutoCloseable {

  private final RedissonClient redis;

  RedisContents(int port) {
    Config config = new Config();
    config.setCodec(StringCodec.INSTANCE);
    config.useSingleServer().setAddress("redis://127.0.0.1:" + port);
    redis = Redisson.create(config);
  }

  /**
   * Keys that change on their own, whatever the requests: the statistics every instance reports
   * every interval, the largest tag groups they measure, the warming claim. They hold counters,
   * never cached data.
   */
  static boolean operational(String key) {
    return key.startsWith("cache:stats:")
        || key.equals("cache:tag-groups")
        || key.equals("cache:warming");
  }

  Set<String> read() {
    Set<String> contents = new TreeSet<>();
    for (String key : keys()) {
      contents.add(key);
      if (redis.getKeys().getType(key) == RType.MAP) {
        redis
            .<String, String>getMap(key)
            .readAllKeySet()
            .forEach(field -> contents.add(key + " -> " + field));
      }
    }
    return contents;
  }

  /** How many keys there are, as DBSIZE counts them, less the moving keys ({@link #keys()}). */
  long keyCount() {
    return keys().size();
  }

  /**
   * Every key but those that change in the background whatever the requests under test do: the view
   * write-back's (pending views are renamed into batches and batches deleted every few seconds) and
   * the operational ones. The counts shown ({views}:total) stay in: a refused request must not
   * count a view.
   */
  private Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    for (String key : redis.getKeys().getKeys()) {
      boolean viewBatches =
          key.equals("{views}:pending")
              || key.equals("{views}:batches")
              || key.startsWith("{views}:batch:");
      if (!viewBatches && !operational(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  @Override
  public void close() {
    redis.shutdown();
  }
}
