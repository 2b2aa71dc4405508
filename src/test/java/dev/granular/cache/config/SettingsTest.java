package dev.granular.cache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Durations in the short and ISO forms, environment names, and the system property fallback. */
class SettingsTest {

  private static final Duration FALLBACK = Duration.ofSeconds(99);

  private static Duration parse(String text) {
    return Settings.parseDuration("cache.test.ttl", text, FALLBACK);
  }

  @Test
  void shortDurationsCarryTheirUnit() {
    assertEquals(Duration.ofMillis(250), parse("250ms"));
    assertEquals(Duration.ofSeconds(30), parse("30s"));
    assertEquals(Duration.ofMinutes(10), parse("10m"));
    assertEquals(Duration.ofHours(2), parse("2h"));
    assertEquals(Duration.ofDays(1), parse("1d"));
  }

  @Test
  void isoDurationsAreAccepted() {
    assertEquals(Duration.ofMinutes(10), parse("PT10M"));
    assertEquals(Duration.ofMinutes(10), parse("pt10m"));
  }

  @Test
  void aBareNumberIsSeconds() {
    assertEquals(Duration.ofSeconds(45), parse("45"));
  }

  @Test
  void anythingElseIsTheFallback() {
    assertEquals(FALLBACK, parse("soon"));
    assertEquals(FALLBACK, parse("10 minutes"));
    assertEquals(FALLBACK, parse("ms"));
    assertEquals(FALLBACK, parse("Pnonsense"));
  }

  @Test
  void environmentNamesAreUpperCaseWithUnderscores() {
    assertEquals("CACHE_PRODUCTS_TTL", Settings.environmentName("cache.products.ttl"));
    assertEquals("CACHE_REFILL_LOCK_WAIT", Settings.environmentName("cache.refill-lock.wait"));
  }

  @Test
  void withoutMicroProfileConfigASystemPropertyIsRead() {
    String key = "cache.settings-test." + System.nanoTime() + ".ttl";
    System.setProperty(key, " 30s ");
    try {
      assertEquals(Optional.of("30s"), Settings.get(key));
      assertEquals(Duration.ofSeconds(30), Settings.getDuration(key, FALLBACK));
    } finally {
      System.clearProperty(key);
    }
    assertEquals(Optional.empty(), Settings.get(key));
  }

  @Test
  void aBlankValueCountsAsAbsent() {
    String key = "cache.settings-test." + System.nanoTime() + ".blank";
    System.setProperty(key, "  ");
    try {
      assertEquals("fallback", Settings.get(key, "fallback"));
      assertEquals(7, Settings.getLong(key, 7));
    } finally {
      System.clearProperty(key);
    }
  }
}
