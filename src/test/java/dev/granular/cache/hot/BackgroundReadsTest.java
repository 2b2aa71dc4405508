package dev.granular.cache.hot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.hot.BackgroundReads.Purpose;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundReadsTest {

  private final BackgroundReads reads = new BackgroundReads();

  /** A bean whose read blocks until released, counting its calls. */
  public static final class Gate {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    public String read(String key) throws InterruptedException {
      calls.incrementAndGet();
      entered.countDown();
      release.await(10, TimeUnit.SECONDS);
      return key;
    }
  }

  @AfterEach
  void stop() {
    reads.stop();
  }

  @Test
  void aReadQueuedTwiceBeforeItRunsRunsOnceAndAnotherCallerReadsItselfWhileTheBackgroundIsBehind() throws Exception {
    Gate gate = new Gate();
    reads.start();
    assertTrue(reads.submit(Purpose.REFRESH_AHEAD, "running", read(gate, "running")));
    assertTrue(gate.entered.await(10, TimeUnit.SECONDS), "the one thread runs the first read");

    assertTrue(reads.submitIfKeepingUp(Purpose.REFRESH_AHEAD, "waiting", read(gate, "waiting")), "one may wait");
    assertTrue(reads.submitIfKeepingUp(Purpose.REFRESH_AHEAD, "waiting", read(gate, "waiting")), "queued already");
    assertFalse(reads.submitIfKeepingUp(Purpose.REFRESH_AHEAD, "third", read(gate, "third")),
        "behind: a read would wait behind another; its caller reads itself");
    assertTrue(reads.submit(Purpose.REFRESH_AFTER_INVALIDATION, "voided", read(gate, "voided")),
        "an invalidation's reload waits its turn");
    assertEquals(1, reads.queued(Purpose.REFRESH_AHEAD));
    assertEquals(1, reads.statistics().getInt("refusedWhileBehind"));

    gate.release.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reads.statistics().getJsonObject("refreshAfterInvalidation").getInt("done") < 1
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(3, gate.calls.get(), "running, waiting (once), voided");
    assertEquals(2, reads.statistics().getJsonObject("refreshAhead").getInt("done"));
  }

  @Test
  void nothingIsQueuedBeforeTheStart() {
    assertFalse(reads.submit(Purpose.REFRESH_AHEAD, "early", read(new Gate(), "early")));
    assertFalse(reads.submitIfKeepingUp(Purpose.REFRESH_AHEAD, "early", read(new Gate(), "early")));
  }

  private static BackgroundRead read(Gate gate, String key) {
    try {
      return new BackgroundRead(gate, Gate.class.getMethod("read", String.class), new Object[] {key});
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
