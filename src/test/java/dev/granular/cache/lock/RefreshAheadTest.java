package dev.granular.cache.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RefreshAheadTest {

  private final RefreshAhead ahead = new RefreshAhead(Duration.ofSeconds(30), true);

  @Test
  void anEntryIsDueOnceNoMoreThanTheWindowIsLeft() {
    long now = 1_000_000;
    assertFalse(ahead.due(now + 30_001, now));
    assertTrue(ahead.due(now + 30_000, now));
    assertTrue(ahead.due(now + 1, now));
  }

  @Test
  void anEntryWithoutAnExpiryOrWithTheSettingOffIsNeverDue() {
    assertFalse(ahead.due(0, 1_000_000), "0: never expires, or the read could not tell");
    assertFalse(RefreshAhead.OFF.enabled());
    assertFalse(RefreshAhead.OFF.due(1_000_001, 1_000_000));
  }

  @Test
  void anInstanceTriesAnEntryOncePerRetryPauseUntilARefreshIsDone() {
    long now = 5_000_000_000L;
    assertEquals(
        TimeUnit.SECONDS.toNanos(1),
        ahead.retryNanos(),
        "a second, the window's half being longer");
    assertTrue(ahead.claim("e", now));
    assertFalse(
        ahead.claim("e", now + 1),
        "tried a moment ago (the lock was someone else's, or it is under way)");
    assertTrue(ahead.claim("other", now + 1), "per entry");
    assertFalse(ahead.claim("e", now + ahead.retryNanos() - 1));
    assertTrue(ahead.claim("e", now + ahead.retryNanos()), "the pause is over");
    ahead.done("e");
    assertTrue(
        ahead.claim("e", now + ahead.retryNanos() + 1),
        "refreshed: a later due hit tries again at once");
  }

  @Test
  void aShortWindowRetriesAfterHalfOfIt() {
    assertEquals(
        TimeUnit.MILLISECONDS.toNanos(750),
        new RefreshAhead(Duration.ofMillis(1500), true).retryNanos());
  }

  @Test
  void theReloadRunsOnTheCallerUnlessTheCacheAsksForTheBackground() {
    System.setProperty("cache.ahead-test.refresh-ahead", "30s");
    System.setProperty("cache.ahead-test-background.refresh-ahead", "30s");
    System.setProperty("cache.ahead-test-background.refresh-ahead.in-background", "true");
    try {
      assertFalse(
          RefreshAhead.of("ahead-test").inBackground(),
          "the default: on the caller that finds it due");
      assertTrue(RefreshAhead.of("ahead-test-background").enabled());
      assertTrue(RefreshAhead.of("ahead-test-background").inBackground());
    } finally {
      System.clearProperty("cache.ahead-test.refresh-ahead");
      System.clearProperty("cache.ahead-test-background.refresh-ahead");
      System.clearProperty("cache.ahead-test-background.refresh-ahead.in-background");
    }
  }

  @Test
  void onlyExpiriesCountedFromAWriteCanBeRefreshedAhead() {
    String[] expiries = {"modified", "created", "accessed", "eternal"};
    try {
      for (String expiry : expiries) {
        System.setProperty("cache.ahead-" + expiry + ".refresh-ahead", "30s");
        System.setProperty("cache.ahead-" + expiry + ".expiry", expiry);
      }
      assertTrue(RefreshAhead.of("ahead-modified").enabled());
      assertTrue(
          RefreshAhead.of("ahead-created").enabled(),
          "a reload starts a new lifetime under created too");
      assertFalse(
          RefreshAhead.of("ahead-accessed").enabled(),
          "every read pushes the expiry back: never due");
      assertFalse(RefreshAhead.of("ahead-eternal").enabled());
    } finally {
      for (String expiry : expiries) {
        System.clearProperty("cache.ahead-" + expiry + ".refresh-ahead");
        System.clearProperty("cache.ahead-" + expiry + ".expiry");
      }
    }
  }
}
