package dev.granular.catalog;

import java.util.Set;
import java.util.TreeSet;
import org.redisson.Redisson;
import org.redisson.api.RType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Everything the tests' Redis holds, as names: every key, and every field of every hash (a cache keeps all its
 * entries, "absent" ones too, as fields of one hash). Two readings show whether requests left anything behind.
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
   * Keys that change on their own, whatever the requests: the statistics every instance reports every interval, the
   * largest tag groups they measure, the warming claim. They hold counters, never cached data.
   */
  static boolean operational(String key) {
    return key.startsWith("cache:stats:") || key.equals("cache:tag-groups") || key.equals("cache:warming");
  }

  /** How many keys hold data (all but the operational ones). */
  long dataKeys() {
    long count = 0;
    for (String key : redis.getKeys().getKeys()) {
      if (!operational(key)) {
        count++;
      }
    }
    return count;
  }

  Set<String> read() {
    Set<String> contents = new TreeSet<>();
    for (String key : redis.getKeys().getKeys()) {
      if (operational(key)) {
        continue;
      }
      contents.add(key);
      if (redis.getKeys().getType(key) == RType.MAP) {
        redis.<String, String>getMap(key).readAllKeySet().forEach(field -> contents.add(key + " -> " + field));
      }
    }
    return contents;
  }

  @Override
  public void close() {
    redis.shutdown();
  }
}
