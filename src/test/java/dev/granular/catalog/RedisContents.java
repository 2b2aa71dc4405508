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

  Set<String> read() {
    Set<String> contents = new TreeSet<>();
    for (String key : redis.getKeys().getKeys()) {
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
