package dev.granular.cache.interceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code @CacheResult} with a near cache: a near copy answers without the method or the cache
 * behind it.
 */
class NearHitTest {

  @Test
  void aNearCopyIsReturnedAndCountedAsANearHit() throws Exception {
    NearHitFixture fixture = new NearHitFixture(true);

    assertEquals("product 5", fixture.call());
    assertEquals("product 5", fixture.call());

    assertEquals(2, fixture.nearHits());
  }

  @Test
  void withoutANearCacheNothingCountsAsANearHit() throws Exception {
    NearHitFixture fixture = new NearHitFixture(false);

    assertEquals("product 5", fixture.call());

    assertEquals(0, fixture.nearHits());
  }
}
