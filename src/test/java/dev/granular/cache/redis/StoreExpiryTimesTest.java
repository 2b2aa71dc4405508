package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.granular.cache.config.CacheSettings;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;

/**
 * The expiry times the direct store ({@link CircuitGuardedCache#put}) sends: the ones Redisson's
 * JCache {@code put} would send for the same policy, or its reads and expiry clean-up would treat
 * the entry otherwise.
 */
class StoreExpiryTimesTest {

  private static final long NOW = 1_800_000_000_000L;

  @Test
  void aTtlCountsFromNow() {
    assertEquals(NOW + 600_000, EntryLifetimes.expiryTime(new Duration(TimeUnit.MINUTES, 10), NOW));
  }

  @Test
  void noDurationAndEternalMeanNoExpiryTime() {
    assertEquals(
        -1, EntryLifetimes.expiryTime(null, NOW), "no duration: a replaced entry keeps its own");
    assertEquals(-1, EntryLifetimes.expiryTime(Duration.ETERNAL, NOW));
  }

  @Test
  void aZeroDurationMeansNotStored() {
    assertEquals(0, EntryLifetimes.expiryTime(Duration.ZERO, NOW));
  }

  @Test
  void eachExpirySettingGivesRedissonsCreationAndUpdateTimes() {
    ExpiryPolicy created = EntryExpiry.of(settings(CacheSettings.Expiry.CREATED));
    assertEquals(NOW + 60_000, EntryLifetimes.expiryTime(created.getExpiryForCreation(), NOW));
    assertEquals(
        -1, EntryLifetimes.expiryTime(created.getExpiryForUpdate(), NOW), "keeps the first");

    ExpiryPolicy modified = EntryExpiry.of(settings(CacheSettings.Expiry.MODIFIED));
    assertEquals(
        NOW + 60_000,
        EntryLifetimes.expiryTime(modified.getExpiryForUpdate(), NOW),
        "counts again");

    ExpiryPolicy eternal = EntryExpiry.of(settings(CacheSettings.Expiry.ETERNAL));
    assertEquals(-1, EntryLifetimes.expiryTime(eternal.getExpiryForCreation(), NOW));
  }

  @Test
  void aNegativeEntrysShorterTtlAppliesToTheWriteMadeUnderIt() {
    ExpiryPolicy modified = EntryExpiry.of(settings(CacheSettings.Expiry.MODIFIED));
    long at =
        EntryExpiry.withTtl(
            java.time.Duration.ofSeconds(5),
            () -> EntryLifetimes.expiryTime(modified.getExpiryForCreation(), NOW));
    assertEquals(NOW + 5_000, at);
    assertEquals(
        NOW + 60_000, EntryLifetimes.expiryTime(modified.getExpiryForCreation(), NOW), "then not");
  }

  @Test
  void aRefreshUnderCreatedExpiryStartsANewLifetimeAndANestedTtlWinsWhileItRuns() {
    ExpiryPolicy created = EntryExpiry.of(settings(CacheSettings.Expiry.CREATED));
    long[] times =
        EntryExpiry.withTtl(
            java.time.Duration.ofMinutes(1), // a refresh's store (JsonCache.putRenewed)
            () -> {
              long update = EntryLifetimes.expiryTime(created.getExpiryForUpdate(), NOW);
              long nested =
                  EntryExpiry.withTtl( // a remembered null stored by it
                      java.time.Duration.ofSeconds(5),
                      () -> EntryLifetimes.expiryTime(created.getExpiryForUpdate(), NOW));
              return new long[] {
                update, nested, EntryLifetimes.expiryTime(created.getExpiryForUpdate(), NOW)
              };
            });
    assertEquals(
        NOW + 60_000, times[0], "a present entry's expiry moves: the reloaded value is new");
    assertEquals(NOW + 5_000, times[1], "the inner ttl while it runs");
    assertEquals(NOW + 60_000, times[2], "then the outer one again");
    assertEquals(
        -1,
        EntryLifetimes.expiryTime(created.getExpiryForUpdate(), NOW),
        "and a plain put keeps it");
  }

  private static CacheSettings settings(CacheSettings.Expiry expiry) {
    return new CacheSettings(
        "expiry-test",
        java.time.Duration.ofMinutes(1),
        expiry,
        java.time.Duration.ofSeconds(5),
        true,
        true,
        CacheSettings.WriteStrategy.THROUGH);
  }
}
