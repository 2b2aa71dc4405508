package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedisCircuitTest {

  // The probe never succeeds: once open, the circuit stays open for the test's short life
  private final RedisCircuit circuit = new RedisCircuit(() -> false);

  private void fail(RuntimeException e) {
    assertThrows(
        e.getClass(),
        () ->
            circuit.call(
                () -> {
                  throw e;
                }));
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

  @Test
  void aReplyLostToAnInterruptIsNoFailureOfRedisButALostReplyIs() {
    RedisReplyLostException interrupted =
        new RedisReplyLostException(
            "interrupted", new java.nio.channels.ClosedByInterruptException());
    for (int i = 0; i < 5; i++) {
      fail(interrupted);
    }
    assertFalse(circuit.isOpen());
    for (int i = 0; i < 3; i++) {
      fail(new RedisReplyLostException("timeout", new java.net.SocketTimeoutException()));
    }
    assertTrue(circuit.isOpen());
  }

  @Test
  void aReadDropsAnAnswerGivenWhileTheCircuitOpened() {
    assertEquals("cached", circuit.call(() -> "cached"));
    assertThrows(
        CacheUnavailableException.class,
        () ->
            circuit.read(
                () -> {
                  circuit.openNow(new CacheUnavailableException("the Redis master changed"));
                  return "from a server not yet voided";
                }));
  }

  @Test
  void aReadGoesThroughTheFenceBeforeAndAfterItsCall() {
    AtomicInteger checks = new AtomicInteger();
    AtomicInteger failAt = new AtomicInteger(2);
    circuit.fenceWith(
        () -> {
          if (checks.incrementAndGet() == failAt.get()) {
            throw new CacheUnavailableException("the Redis master moved");
          }
        });
    assertThrows(
        CacheUnavailableException.class, () -> circuit.read(() -> "answered by the new master"));
    assertEquals(2, checks.get(), "checked before the call, and after it, where it failed");
    assertEquals("ok", circuit.read(() -> "ok"));
    assertEquals(4, checks.get());
    assertEquals("written", circuit.call(() -> "written"), "other calls are not fenced");
    assertEquals(4, checks.get());
  }

  @Test
  void recoveryWaitsUntilTheFencePassesAroundIt() throws InterruptedException {
    RedisCircuit recovering = new RedisCircuit(() -> true);
    AtomicInteger fenceFailures = new AtomicInteger(2);
    AtomicInteger recoveries = new AtomicInteger();
    recovering.onRecovery(recoveries::incrementAndGet);
    recovering.fenceWith(
        () -> {
          if (fenceFailures.getAndDecrement() > 0) {
            throw new CacheUnavailableException("the Redis master moved");
          }
        });
    recovering.openNow(new CacheUnavailableException("the Redis master changed"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (recovering.isOpen() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    recovering.shutdown();
    assertFalse(recovering.isOpen(), "recovered once the fence passed");
    assertEquals(1, recoveries.get(), "the recovery ran only once the fence passed before it");
  }
}
