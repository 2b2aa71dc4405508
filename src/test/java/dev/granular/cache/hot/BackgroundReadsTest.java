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
  public static class Gate {
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
  void aReadQueuedTwiceBeforeItRunsRunsOnceAndAnotherCallerReadsItselfWhileTheBackgroundIsBehind()
      throws Exception {
    Gate gate = new Gate();
    reads.start();
    assertTrue(reads.submit(Purpose.REFRESH_AHEAD, "running", read(gate, "running")));
    assertTrue(gate.entered.await(10, TimeUnit.SECONDS), "the one thread runs the first read");

    assertTrue(
        reads.submitBefore(Purpose.REFRESH_AHEAD, "waiting", read(gate, "waiting"), Long.MAX_VALUE),
        "one may wait");
    assertTrue(
        reads.submitBefore(Purpose.REFRESH_AHEAD, "waiting", read(gate, "waiting"), Long.MAX_VALUE),
        "queued already");
    assertFalse(
        reads.submitBefore(Purpose.REFRESH_AHEAD, "third", read(gate, "third"), Long.MAX_VALUE),
        "before any read has ended: a read would wait behind another; its caller reads itself");
    assertTrue(
        reads.submit(Purpose.REFRESH_AFTER_INVALIDATION, "voided", read(gate, "voided")),
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
    assertFalse(
        reads.submitBefore(
            Purpose.REFRESH_AHEAD, "early", read(new Gate(), "early"), Long.MAX_VALUE));
  }

  @Test
  void onceReadsHaveTakenTheirTimeAReadIsQueuedWhileItCanEndWellBeforeItsEntryExpires()
      throws Exception {
    reads.start();
    for (int i = 0; i < 3; i++) { // reads of 50 ms or more: the mean is at least that
      Gate quick = new Gate();
      quick.release.countDown();
      assertTrue(reads.submit(Purpose.REFRESH_AHEAD, "slow" + i, read(quick, "slow" + i, 50)));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (reads.statistics().getJsonObject("refreshAhead").getInt("done") < 3
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Gate gate = new Gate();
    assertTrue(reads.submit(Purpose.REFRESH_AHEAD, "running", read(gate, "running")));
    assertTrue(gate.entered.await(10, TimeUnit.SECONDS));

    long tenSeconds = TimeUnit.SECONDS.toNanos(10);
    for (int i = 0; i < 3; i++) {
      assertTrue(
          reads.submitBefore(Purpose.REFRESH_AHEAD, "due" + i, read(gate, "due" + i), tenSeconds),
          "ten seconds left: room for " + i + " reads ahead of it at well under a second each");
    }
    assertFalse(
        reads.submitBefore(
            Purpose.REFRESH_AHEAD, "soon", read(gate, "soon"), TimeUnit.MILLISECONDS.toNanos(100)),
        "100 ms left: behind a running read of 50 ms or more and three waiting, it would expire first");
    assertEquals(1, reads.statistics().getInt("refusedWhileBehind"));
    gate.release.countDown();
  }

  @Test
  void theReadsThatMayWaitFitInTheTimeGivenSplitOverTheThreads() {
    long ms = TimeUnit.MILLISECONDS.toNanos(1);
    assertEquals(
        11, ReadPace.waitingWithin(2_500 * ms, 200 * ms, 1), "ten ahead, one running, its own");
    assertEquals(
        21, ReadPace.waitingWithin(2_500 * ms, 200 * ms, 2), "two threads take two at a time");
    assertEquals(1, ReadPace.waitingWithin(400 * ms, 200 * ms, 1), "only behind the running one");
    assertEquals(0, ReadPace.waitingWithin(399 * ms, 200 * ms, 1), "not even that");
    assertEquals(0, ReadPace.waitingWithin(-1, 200 * ms, 4), "expired already");
  }

  private static BackgroundRead read(Gate gate, String key, long sleepMillis) {
    Gate sleeping =
        new Gate() {
          @Override
          public String read(String key) throws InterruptedException {
            Thread.sleep(sleepMillis);
            return gate.read(key);
          }
        };
    return read(sleeping, key);
  }

  private static BackgroundRead read(Gate gate, String key) {
    try {
      return new BackgroundRead(
          gate, Gate.class.getMethod("read", String.class), new Object[] {key});
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
