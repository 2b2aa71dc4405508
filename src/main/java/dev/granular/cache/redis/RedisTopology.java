package dev.granular.cache.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the Redis servers are and how they are deployed, read from configuration:
 *
 * <ul>
 *   <li>{@code REDIS_MODE} (or {@code redis.mode}): {@code single} (default), {@code sentinel} or
 *       {@code cluster}.
 *   <li>{@code REDIS_URL}: one address ({@code redis://host:port}, {@code rediss://} for TLS) or a
 *       comma-separated list. Single mode takes exactly one; sentinel mode lists the Sentinels
 *       (port 26379 when none is given); cluster mode lists any reachable nodes (the others are
 *       discovered). Default {@code redis://127.0.0.1:6379}.
 *   <li>{@code REDIS_SENTINEL_MASTER} (or {@code redis.sentinel-master}): the master's name the
 *       Sentinels monitor; required in sentinel mode, refused in the others.
 *   <li>{@code REDIS_CONFIG_FILE} (or {@code redis.config-file}): a Redisson YAML file for anything
 *       more; it then describes the servers alone, so {@code REDIS_MODE}, {@code REDIS_URL} and
 *       {@code REDIS_SENTINEL_MASTER} must not be set beside it.
 * </ul>
 *
 * A value that cannot work fails with a {@link RedisConfigurationException} naming its key.
 */
public record RedisTopology(
    RedisMode mode,
    List<String> addresses,
    Optional<String> sentinelMaster,
    Optional<Path> configFile) {

  static final String DEFAULT_URL = "redis://127.0.0.1:6379";

  /**
   * Reads the topology through {@code lookup} (key to non-blank value); see the class comment for
   * the keys.
   */
  public static RedisTopology parse(Function<String, Optional<String>> lookup) {
    Optional<Setting> file = Setting.first(lookup, "REDIS_CONFIG_FILE", "redis.config-file");
    Optional<Setting> mode = Setting.first(lookup, "REDIS_MODE", "redis.mode");
    Optional<Setting> url = Setting.first(lookup, "REDIS_URL", "redis.url");
    Optional<Setting> master =
        Setting.first(lookup, "REDIS_SENTINEL_MASTER", "redis.sentinel-master");
    if (file.isPresent()) {
      for (Optional<Setting> other : List.of(mode, url, master)) {
        other.ifPresent(
            o -> {
              throw new RedisConfigurationException(
                  file.get().key()
                      + " and "
                      + o.key()
                      + " are both set: the YAML file describes the servers alone");
            });
      }
      return new RedisTopology(
          RedisMode.SINGLE, List.of(), Optional.empty(), Optional.of(readable(file.get())));
    }
    RedisMode parsed = mode.map(m -> RedisMode.parse(m.key(), m.value())).orElse(RedisMode.SINGLE);
    Setting where = url.orElse(new Setting("REDIS_URL", DEFAULT_URL));
    List<String> addresses = addresses(where, parsed);
    if (parsed == RedisMode.SINGLE && addresses.size() > 1) {
      throw new RedisConfigurationException(
          where.key()
              + " lists "
              + addresses.size()
              + " addresses, but REDIS_MODE is single: "
              + "set REDIS_MODE=cluster or REDIS_MODE=sentinel, or give one address");
    }
    if (parsed == RedisMode.SENTINEL && master.isEmpty()) {
      throw new RedisConfigurationException(
          "REDIS_MODE=sentinel needs REDIS_SENTINEL_MASTER, the name of the master the Sentinels monitor");
    }
    if (parsed != RedisMode.SENTINEL && master.isPresent()) {
      throw new RedisConfigurationException(
          master.get().key()
              + " is set, but REDIS_MODE is "
              + parsed.name().toLowerCase()
              + ": "
              + "set REDIS_MODE=sentinel to use Sentinel");
    }
    return new RedisTopology(parsed, addresses, master.map(Setting::value), Optional.empty());
  }

  /** The addresses with any password masked, for logs. */
  public String safeAddresses() {
    if (configFile.isPresent()) {
      return "the servers of " + configFile.get();
    }
    return String.join(",", addresses).replaceAll("//[^@/,]*@", "//***@");
  }

  private static List<String> addresses(Setting setting, RedisMode mode) {
    List<String> addresses = new ArrayList<>();
    for (String part : setting.value().split(",")) {
      String address = part.trim();
      if (address.isEmpty()) {
        throw new RedisConfigurationException(
            setting.key() + " has an empty entry in its list: " + setting.value());
      }
      addresses.add(address(setting.key(), address, mode == RedisMode.SENTINEL ? 26379 : 6379));
    }
    return List.copyOf(addresses);
  }

  private static String address(String key, String text, int defaultPort) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new RedisConfigurationException(
          key + ": '" + text + "' is not an address like redis://host:6379");
    }
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
      throw new RedisConfigurationException(
          key + ": '" + text + "' must start with redis:// (or rediss:// for TLS)");
    }
    if (uri.getHost() == null) {
      throw new RedisConfigurationException(
          key + ": '" + text + "' names no host (redis://host:6379)");
    }
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
      throw new RedisConfigurationException(
          key + ": '" + text + "' has a path; list several addresses separated by commas");
    }
    return uri.getPort() >= 0 ? text : text.replaceAll("/$", "") + ":" + defaultPort;
  }

  private static Path readable(Setting file) {
    Path path = Path.of(file.value());
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new RedisConfigurationException(
          file.key() + "=" + file.value() + ": no readable file there");
    }
    return path;
  }

  /**
   * One configured value and the key it was found under, so errors can name the key the operator
   * used.
   */
  private record Setting(String key, String value) {
    static Optional<Setting> first(Function<String, Optional<String>> lookup, String... keys) {
      for (String key : keys) {
        Optional<String> value = lookup.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isPresent()) {
          return Optional.of(new Setting(key, value.get()));
        }
      }
      return Optional.empty();
    }
  }
}
