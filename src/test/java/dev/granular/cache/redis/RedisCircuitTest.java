package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisCircuitTest {

  // The probe never succeeds: once open, the circuit stays open for the test's short life
  private final RedisCircuit circuit = new RedisCircuit(() -> false);

  private void fail(RuntimeException e) {
    assertThrows(e.getClass(), () -> circuit.call(() -> { throw e; }));
  }

  @Test
  void threeFailuresInARowOpenIt() {
    fail(new CacheUnavailableException("timeout"));
    fail(new CacheUnavailableException("timeout"));
    assertFalse(circuit.isOpen());
    fail(new CacheUnavailableException("timeout"));
    assertTrue(circuit.isOpen());
    assertThrows(CacheUnavailableException.class, () -> circuit.call(() -> "not called"));
  }

  @Test
  void aSuccessStartsTheCountAgain() {
    fail(new CacheUnavailableException("timeout"));
    fail(new CacheUnavailableException("timeout"));
    circuit.call(() -> "ok");
    fail(new CacheUnavailableException("timeout"));
    fail(new CacheUnavailableException("timeout"));
    assertFalse(circuit.isOpen());
  }

  @Test
  void anInterruptedCallIsNoFailureOfRedis() {
    for (int i = 0; i < 5; i++) {
      fail(new RedisCallInterruptedException("interrupted", null));
    }
    assertFalse(circuit.isOpen(), "interrupts say nothing of Redis");
    fail(new CacheUnavailableException("timeout"));
    fail(new CacheUnavailableException("timeout"));
    fail(new RedisCallInterruptedException("interrupted", null));
    assertFalse(circuit.isOpen(), "nor do they end a run of failures or start one");
    fail(new CacheUnavailableException("timeout"));
    assertTrue(circuit.isOpen());
  }
}
