package dev.granular.cache.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Reads the library's configuration. MicroProfile Config is used when the container provides it;
 * otherwise a key is looked up as a system property and then as an environment variable (upper
 * case, every character that is not a letter or digit turned into {@code _}, as MicroProfile Config
 * maps them), so the library runs on any CDI container.
 */
public final class Settings {

  private static final Logger LOG = Logger.getLogger(Settings.class.getName());
  private static final boolean MP_CONFIG = isMicroProfileConfigPresent();

  private Settings() {}

  /** The value of {@code key}, if any source defines it and it is not blank. */
  public static Optional<String> get(String key) {
    Optional<String> value = MP_CONFIG ? MicroProfileLookup.get(key) : plainLookup(key);
    return value.map(String::trim).filter(v -> !v.isEmpty());
  }

  public static String get(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  public static long getLong(String key, long fallback) {
    return get(key).map(v -> parseLong(key, v, fallback)).orElse(fallback);
  }

  public static boolean getBoolean(String key, boolean fallback) {
    return get(key).map(Boolean::parseBoolean).orElse(fallback);
  }

  /**
   * A duration: {@code 250ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, an ISO-8601
   * duration such as {@code PT10M}, or a bare number of seconds.
   */
  public static Duration getDuration(String key, Duration fallback) {
    return get(key).map(v -> parseDuration(key, v, fallback)).orElse(fallback);
  }

  /**
   * {@code text} as a duration (formats as {@link #getDuration}); {@code fallback}, with a warning
   * naming {@code key}, when it is none.
   */
  public static Duration parseDuration(String key, String text, Duration fallback) {
    String value = text.toLowerCase(Locale.ROOT);
    try {
      if (value.startsWith("p")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      long amount = Long.parseLong(value.replaceAll("[smhd]$", ""));
      return switch (value.charAt(value.length() - 1)) {
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        default -> Duration.ofSeconds(amount);
      };
    } catch (RuntimeException e) {
      LOG.warning(() -> "Ignoring " + key + "=" + text + ": not a duration; using " + fallback);
      return fallback;
    }
  }

  private static long parseLong(String key, String text, long fallback) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      LOG.warning(() -> "Ignoring " + key + "=" + text + ": not a number; using " + fallback);
      return fallback;
    }
  }

  static Optional<String> plainLookup(String key) {
    String property = System.getProperty(key);
    if (property != null) {
      return Optional.of(property);
    }
    Optional<String> exact = Optional.ofNullable(System.getenv(key));
    return exact.or(() -> Optional.ofNullable(System.getenv(environmentName(key))));
  }

  static String environmentName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static boolean isMicroProfileConfigPresent() {
    try {
      Class.forName(
          "org.eclipse.microprofile.config.ConfigProvider", false, Settings.class.getClassLoader());
      return MicroProfileLookup.works();
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Kept in its own class so that nothing loads MicroProfile Config classes where they are absent.
   */
  private static final class MicroProfileLookup {
    static Optional<String> get(String key) {
      return org.eclipse.microprofile.config.ConfigProvider.getConfig()
          .getOptionalValue(key, String.class);
    }

    static boolean works() {
      try {
        org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return true;
      } catch (RuntimeException | LinkageError e) {
        return false;
      }
    }
  }
}
