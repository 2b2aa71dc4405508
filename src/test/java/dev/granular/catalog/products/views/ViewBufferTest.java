package dev.granular.catalog.products.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ViewBufferTest {

  private final ViewBuffer buffer = new ViewBuffer(1_000, 3);

  @Test
  void aProductIsCountedHereOnlyOnceRedisGaveItsCount() {
    assertEquals(-1, buffer.count(7));

    buffer.remember(7, 10);

    assertEquals(11, buffer.count(7));
    assertEquals(12, buffer.count(7));
    assertEquals(2, buffer.unsent());
  }

  @Test
  void aDrainTakesTheUnsentViewsAndItsReplyBringsOtherInstancesViews() {
    buffer.remember(7, 10);
    buffer.remember(8, 100);
    buffer.count(7);
    buffer.count(7);
    buffer.count(8);

    ViewBuffer.Drain drain = buffer.drain();
    assertEquals(Map.of(7L, 2L, 8L, 1L), asMap(drain));
    assertEquals(0, buffer.unsent());
    assertEquals(13, buffer.count(7), "views on their way still count");

    buffer.sent(
        drain, totalsFor(drain, Map.of(7L, 17L, 8L, 101L))); // another instance added 5 views of 7

    assertEquals(
        19,
        buffer.count(7),
        "17 in Redis, plus the one counted here since the drain, plus this one");
    assertEquals(102, buffer.count(8));
  }

  @Test
  void theCountShownNeverGoesDownWhenAnExactCountOverlapsASend() {
    buffer.remember(7, 10);
    assertEquals(11, buffer.count(7));
    ViewBuffer.Drain drain = buffer.drain();

    buffer.remember(
        7, 20); // an exact view elsewhere in this process; Redis may or may not hold our view yet
    long afterExact = buffer.count(7);
    buffer.sent(drain, List.of(21L));
    long afterReply = buffer.count(7);

    assertEquals(21, afterExact, "never ahead of Redis: the view on its way is not counted twice");
    assertEquals(23, afterReply);
  }

  @Test
  void aViewTakenBackIsNotSent() {
    buffer.remember(7, 10);
    buffer.count(7);
    buffer.count(7);

    assertTrue(buffer.takeBack(7));
    assertEquals(Map.of(7L, 1L), asMap(buffer.drain()));
    assertFalse(buffer.takeBack(7), "the other view is on its way: Redis must take it back");
    assertFalse(buffer.takeBack(99));
  }

  @Test
  void aProductRedisHasNoCountForIsForgotten() {
    buffer.remember(7, 10);
    buffer.count(7);
    ViewBuffer.Drain drain = buffer.drain();

    buffer.sent(drain, List.of(-1L));

    assertEquals(-1, buffer.count(7));
  }

  @Test
  void aFailedSendForgetsItsProductsButKeepsTheViewsCountedMeanwhile() {
    buffer.remember(7, 10);
    buffer.count(7);
    ViewBuffer.Drain drain = buffer.drain();
    buffer.count(7); // counted here after the drain, before its failure

    buffer.failed(drain);

    assertEquals(-1, buffer.count(7), "the count Redis gave is no longer trusted");
    assertEquals(
        Map.of(7L, 1L),
        asMap(buffer.drain()),
        "the view counted meanwhile is sent with the next drain");
  }

  @Test
  void idleProductsAreForgotten() {
    buffer.remember(7, 10);
    buffer.remember(8, 10);
    for (int i = 0; i < 3; i++) {
      buffer.count(8);
      buffer.sent(buffer.drain(), List.of(11L + i));
    }

    assertEquals(-1, buffer.count(7), "no view in 3 drains");
    assertEquals(14, buffer.count(8));
    assertEquals(1, buffer.size());
  }

  @Test
  void atMostMaxProductsAreHeld() {
    ViewBuffer small = new ViewBuffer(2, 10);
    small.remember(1, 0);
    small.remember(2, 0);
    small.remember(3, 0);

    assertEquals(2, small.size());
    assertEquals(-1, small.count(3));
    assertEquals(1, small.count(1));
  }

  @Test
  void aReplyOfTheWrongSizeIsRefused() {
    buffer.remember(7, 10);
    buffer.count(7);
    ViewBuffer.Drain drain = buffer.drain();

    assertThrows(IllegalArgumentException.class, () -> buffer.sent(drain, List.of()));
  }

  /**
   * Threads counting views of a few products while a sender drains into a simulated Redis, which
   * another instance writes to too: every view counted here reaches Redis exactly once, and no
   * thread sees a product's count go down.
   */
  @Test
  void underConcurrentViewsAndSendsEveryViewReachesRedisOnceAndCountsOnlyRise() throws Exception {
    int products = 8;
    Map<Long, AtomicLong> redis = new ConcurrentHashMap<>();
    for (long id = 0; id < products; id++) {
      redis.put(id, new AtomicLong(100));
      buffer.remember(id, 100);
    }
    AtomicLong countedHere = new AtomicLong();
    AtomicBoolean wentDown = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(4);
    for (int t = 0; t < 4; t++) {
      int seed = t;
      new Thread(
              () -> {
                long[] last = new long[products];
                for (int i = 0; i < 50_000; i++) {
                  int id = (i * 7 + seed) % products;
                  long shown = buffer.count(id);
                  if (shown >= 0) {
                    countedHere.incrementAndGet();
                    wentDown.compareAndSet(false, shown < last[id]);
                    last[id] = Math.max(last[id], shown);
                  }
                }
                done.countDown();
              })
          .start();
    }
    AtomicLong otherInstance = new AtomicLong();
    Thread sender =
        new Thread(
            () -> {
              while (!stop.get()) {
                redis.get(3L).addAndGet(2);
                otherInstance.addAndGet(2);
                send(redis);
              }
            });
    sender.start();
    done.await();
    stop.set(true);
    sender.join();
    send(redis);

    long inRedis = redis.values().stream().mapToLong(AtomicLong::get).sum() - 100L * products;
    assertEquals(countedHere.get() + otherInstance.get(), inRedis);
    assertFalse(wentDown.get(), "a thread saw a product's count go down");
    assertEquals(0, buffer.unsent());
  }

  private void send(Map<Long, AtomicLong> redis) {
    ViewBuffer.Drain drain = buffer.drain();
    List<Long> totals = new ArrayList<>();
    for (int i = 0; i < drain.size(); i++) {
      totals.add(redis.get(drain.productIds().get(i)).addAndGet(drain.views().get(i)));
    }
    buffer.sent(drain, totals);
  }

  private static Map<Long, Long> asMap(ViewBuffer.Drain drain) {
    Map<Long, Long> views = new java.util.HashMap<>();
    for (int i = 0; i < drain.size(); i++) {
      views.put(drain.productIds().get(i), drain.views().get(i));
    }
    return views;
  }

  private static List<Long> totalsFor(ViewBuffer.Drain drain, Map<Long, Long> totals) {
    return drain.productIds().stream().map(totals::get).toList();
  }
}
