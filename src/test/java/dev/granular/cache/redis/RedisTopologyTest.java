package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisTopologyTest {

  private static RedisTopology parse(Map<String, String> values) {
    return RedisTopology.parse(key -> Optional.ofNullable(values.get(key)));
  }

  private static String failure(Map<String, String> values) {
    return assertThrows(RedisConfigurationException.class, () -> parse(values)).getMessage();
  }

  @Test
  void nothingSetIsOneLocalServer() {
    RedisTopology topology = parse(Map.of());
    assertEquals(RedisMode.SINGLE, topology.mode());
    assertEquals(List.of("redis://127.0.0.1:6379"), topology.addresses());
  }

  @Test
  void singleServerKeepsTheUrlAsGiven() {
    RedisTopology topology = parse(Map.of("REDIS_URL", "rediss://user:secret@redis.example:6380"));
    assertEquals(List.of("rediss://user:secret@redis.example:6380"), topology.addresses());
    assertEquals("rediss://***@redis.example:6380", topology.safeAddresses());
  }

  @Test
  void clusterTakesACommaSeparatedListInAnyCase() {
    RedisTopology topology =
        parse(
            Map.of(
                "REDIS_MODE",
                "Cluster",
                "REDIS_URL",
                "redis://127.0.0.1:7000, redis://127.0.0.1:7001"));
    assertEquals(RedisMode.CLUSTER, topology.mode());
    assertEquals(List.of("redis://127.0.0.1:7000", "redis://127.0.0.1:7001"), topology.addresses());
  }

  @Test
  void dottedKeysWorkToo() {
    RedisTopology topology =
        parse(
            Map.of(
                "redis.mode",
                "sentinel",
                "redis.url",
                "redis://s1",
                "redis.sentinel-master",
                "cache"));
    assertEquals(RedisMode.SENTINEL, topology.mode());
    assertEquals(Optional.of("cache"), topology.sentinelMaster());
    assertEquals(
        List.of("redis://s1:26379"), topology.addresses(), "Sentinels listen on 26379 by default");
  }

  @Test
  void aMissingPortIsTheModesDefault() {
    assertEquals(
        List.of("redis://redis:6379"), parse(Map.of("REDIS_URL", "redis://redis")).addresses());
  }

  @Test
  void anUnknownModeNamesItsKey() {
    String message = failure(Map.of("REDIS_MODE", "clustered"));
    assertTrue(message.contains("REDIS_MODE=clustered"), message);
    assertTrue(message.contains("single, sentinel or cluster"), message);
  }

  @Test
  void singleModeRefusesAList() {
    String message = failure(Map.of("REDIS_URL", "redis://a:1,redis://b:2"));
    assertTrue(message.contains("REDIS_URL lists 2 addresses"), message);
  }

  @Test
  void sentinelNeedsTheMastersName() {
    String message = failure(Map.of("REDIS_MODE", "sentinel", "REDIS_URL", "redis://a:26379"));
    assertTrue(message.contains("REDIS_SENTINEL_MASTER"), message);
  }

  @Test
  void aMasterNameOutsideSentinelModeIsAMistake() {
    String message = failure(Map.of("REDIS_SENTINEL_MASTER", "cache"));
    assertTrue(message.startsWith("REDIS_SENTINEL_MASTER is set"), message);
  }

  @Test
  void badAddressesNameTheKey() {
    for (String bad :
        List.of(
            "127.0.0.1:6379",
            "http://a:1",
            "redis://",
            "redis://a:1/b",
            "redis://a:1,,redis://b:2")) {
      String message = failure(Map.of("REDIS_MODE", "cluster", "REDIS_URL", bad));
      assertTrue(message.startsWith("REDIS_URL"), bad + " -> " + message);
    }
  }

  @Test
  void aConfigFileStandsAlone(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("redisson.yaml"), "singleServerConfig:\n  address: redis://a:1\n");
    assertEquals(
        Optional.of(file), parse(Map.of("REDIS_CONFIG_FILE", file.toString())).configFile());

    String message =
        failure(Map.of("redis.config-file", file.toString(), "REDIS_URL", "redis://a:1"));
    assertTrue(message.contains("redis.config-file and REDIS_URL are both set"), message);
  }

  @Test
  void aMissingConfigFileNamesTheKey(@TempDir Path dir) {
    String message = failure(Map.of("REDIS_CONFIG_FILE", dir.resolve("absent.yaml").toString()));
    assertTrue(message.startsWith("REDIS_CONFIG_FILE="), message);
  }
}
