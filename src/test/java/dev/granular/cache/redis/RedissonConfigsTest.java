package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Builds Redisson configurations without connecting: the library's own settings hold in every mode.
 */
class RedissonConfigsTest {

  private static Config config(Map<String, String> values) {
    RedisTopology topology = RedisTopology.parse(key -> Optional.ofNullable(values.get(key)));
    return RedissonConfigs.of(
        new RedisSettings(
            topology,
            Optional.empty(),
            Optional.of("pw"),
            321,
            654,
            RedisSettings.defaultNettyThreads()));
  }

  private static void assertLibraryDefaults(Config config) {
    assertSame(StringCodec.INSTANCE, config.getCodec());
    assertTrue(config.isLazyInitialization());
  }

  @Test
  void singleServer() {
    Config config = config(Map.of("REDIS_URL", "redis://127.0.0.1:6390"));
    assertTrue(config.isSingleConfig());
    assertLibraryDefaults(config);
    // Redisson's YAML form is the only public view of the server settings
    String yaml = yaml(config);
    assertTrue(yaml.contains("redis://127.0.0.1:6390"), yaml);
    assertTrue(yaml.contains("timeout: 321"), yaml);
    assertTrue(yaml.contains("connectTimeout: 654"), yaml);
    assertTrue(yaml.contains("retryAttempts: 0"), yaml);
    assertEquals(RedisSettings.defaultNettyThreads(), config.getNettyThreads());
  }

  @Test
  void nettyThreadsAreSetAndAtLeastTwoByDefault() {
    RedisTopology topology =
        RedisTopology.parse(
            key -> Optional.ofNullable(Map.of("REDIS_URL", "redis://h:1").get(key)));
    Config config =
        RedissonConfigs.of(
            new RedisSettings(topology, Optional.empty(), Optional.empty(), 1, 1, 3));
    assertEquals(3, config.getNettyThreads());
    assertTrue(RedisSettings.defaultNettyThreads() >= 2);
  }

  @Test
  void clusterReadsFromMasters() {
    Config config =
        config(
            Map.of(
                "REDIS_MODE",
                "cluster",
                "REDIS_URL",
                "redis://127.0.0.1:7000,redis://127.0.0.1:7001"));
    assertTrue(config.isClusterConfig());
    assertLibraryDefaults(config);
    String yaml = yaml(config);
    assertTrue(yaml.contains("redis://127.0.0.1:7001"), yaml);
    assertTrue(yaml.contains("readMode: \"MASTER\""), yaml);
    assertTrue(yaml.contains("scanInterval: 1000"), yaml);
    assertTrue(yaml.contains("timeout: 321"), yaml);
    assertTrue(yaml.contains("password: \"pw\""), yaml);
  }

  @Test
  void sentinelNamesTheMaster() {
    Config config =
        config(
            Map.of(
                "REDIS_MODE",
                "sentinel",
                "REDIS_URL",
                "redis://127.0.0.1:26379",
                "REDIS_SENTINEL_MASTER",
                "cache"));
    assertTrue(config.isSentinelConfig());
    assertLibraryDefaults(config);
    String yaml = yaml(config);
    assertTrue(yaml.contains("masterName: \"cache\""), yaml);
    assertTrue(yaml.contains("readMode: \"MASTER\""), yaml);
  }

  @Test
  void aYamlFileKeepsItsServersButNotItsReadMode(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("redisson.yaml"),
            """
            clusterServersConfig:
              nodeAddresses: ["redis://127.0.0.1:7000"]
              readMode: "SLAVE"
              timeout: 1234
            codec: !<org.redisson.client.codec.LongCodec> {}
            """);
    Config config = config(Map.of("REDIS_CONFIG_FILE", file.toString()));
    assertTrue(config.isClusterConfig());
    assertLibraryDefaults(config);
    String yaml = yaml(config);
    assertTrue(yaml.contains("redis://127.0.0.1:7000"), yaml);
    assertTrue(yaml.contains("timeout: 1234"), yaml);
    assertTrue(yaml.contains("readMode: \"MASTER\""), yaml);
  }

  @Test
  void anUnreadableYamlFileNamesTheKey(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("broken.yaml"), "clusterServersConfig: [\n");
    String message =
        assertThrows(
                RedisConfigurationException.class,
                () -> config(Map.of("REDIS_CONFIG_FILE", file.toString())))
            .getMessage();
    assertTrue(message.startsWith("REDIS_CONFIG_FILE="), message);
  }

  @Test
  void theShippedExampleFileLoads() {
    Config config = config(Map.of("REDIS_CONFIG_FILE", "server-config/redisson-cluster.yaml"));
    assertTrue(config.isClusterConfig());
    assertLibraryDefaults(config);
    String yaml = yaml(config);
    assertTrue(yaml.contains("redis://10.0.0.13:7000"), yaml);
    assertTrue(yaml.contains("retryAttempts: 0"), yaml);
  }

  @Test
  void aYamlFileReadsSecretsFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("redisson.yaml"),
            "singleServerConfig:\n  address: \"redis://127.0.0.1:6379\"\n  password: \"${HOME}\"\n");
    String yaml = yaml(config(Map.of("REDIS_CONFIG_FILE", file.toString())));
    assertTrue(yaml.contains("password: \"" + System.getenv("HOME") + "\""), yaml);
  }

  private static String yaml(Config config) {
    try {
      return config.toYAML();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
