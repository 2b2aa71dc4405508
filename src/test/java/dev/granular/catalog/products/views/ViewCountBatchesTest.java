package dev.granular.catalog.products.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ViewCountBatchesTest {

  /**
   * A sender whose replies the test gives by hand: what it was asked, and the reply still to come
   * for each call.
   */
  private static final class ManualSender {
    final List<List<Long>> sent = Collections.synchronizedList(new ArrayList<>());
    final List<CompletableFuture<List<Long>>> replies =
        Collections.synchronizedList(new ArrayList<>());

    CompletionStage<List<Long>> send(List<Long> ids) {
      sent.add(List.copyOf(ids));
      CompletableFuture<List<Long>> reply = new CompletableFuture<>();
      replies.add(reply);
      return reply;
    }
  }

  @Test
  void aViewWithNothingInFlightLeavesAtOnce() {
    ManualSender sender = new ManualSender();
    ViewCountBatches batches = new ViewCountBatches(sender::send, 10);

    CompletableFuture<Long> count = batches.count(7);

    assertEquals(List.of(List.of(7L)), sender.sent);
    assertFalse(count.isDone(), "done only with Redis's reply");
    sender.replies.get(0).complete(List.of(41L));
    assertEquals(41L, count.join());
  }

  @Test
  void viewsArrivingMeanwhileLeaveTogetherAfterTheReplyEachWithItsOwnCount() {
    ManualSender sender = new ManualSender();
    ViewCountBatches batches = new ViewCountBatches(sender::send, 10);
    CompletableFuture<Long> first = batches.count(1);

    CompletableFuture<Long> second = batches.count(2);
    CompletableFuture<Long> third = batches.count(2);
    assertEquals(1, sender.sent.size(), "nothing more is sent while a batch is in flight");

    sender.replies.get(0).complete(List.of(10L));
    assertEquals(List.of(List.of(1L), List.of(2L, 2L)), sender.sent);
    sender.replies.get(1).complete(List.of(5L, 6L));
    assertEquals(10L, first.join());
    assertEquals(5L, second.join());
    assertEquals(6L, third.join());

    batches.count(3); // idle again: sent at once
    assertEquals(3, sender.sent.size());
  }

  @Test
  void aFailedBatchFailsEachOfItsViewsAndTheNextOneIsStillSent() {
    ManualSender sender = new ManualSender();
    ViewCountBatches batches = new ViewCountBatches(sender::send, 10);
    CompletableFuture<Long> lost = batches.count(1);
    CompletableFuture<Long> queued = batches.count(2);

    sender.replies.get(0).completeExceptionally(new IllegalStateException("timed out"));

    CompletionException failure = assertThrows(CompletionException.class, lost::join);
    assertEquals("timed out", failure.getCause().getMessage());
    assertEquals(List.of(2L), sender.sent.get(1));
    sender.replies.get(1).complete(List.of(3L));
    assertEquals(3L, queued.join());
  }

  @Test
  void aSenderThatThrowsFailsTheViewAndLeavesTheBatchesUsable() {
    AtomicInteger calls = new AtomicInteger();
    ViewCountBatches batches =
        new ViewCountBatches(
            ids -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("circuit open");
              }
              return CompletableFuture.completedFuture(List.of(1L));
            },
            10);

    assertThrows(CompletionException.class, () -> batches.count(1).join());
    assertEquals(1L, batches.count(1).join());
  }

  @Test
  void aReplyOfTheWrongLengthFailsTheBatchInsteadOfMisplacingCounts() {
    ManualSender sender = new ManualSender();
    ViewCountBatches batches = new ViewCountBatches(sender::send, 10);
    CompletableFuture<Long> first = batches.count(1);
    CompletableFuture<Long> second = batches.count(2);
    CompletableFuture<Long> third = batches.count(3);
    sender.replies.get(0).complete(List.of(1L));

    sender.replies.get(1).complete(List.of(9L));

    assertEquals(1L, first.join());
    assertThrows(CompletionException.class, second::join);
    assertThrows(CompletionException.class, third::join);
  }

  @Test
  void noBatchCarriesMoreThanTheLimit() {
    ManualSender sender = new ManualSender();
    ViewCountBatches batches = new ViewCountBatches(sender::send, 2);
    batches.count(0);
    for (long id = 1; id <= 5; id++) {
      batches.count(id);
    }

    sender.replies.get(0).complete(List.of(0L));
    sender.replies.get(1).complete(List.of(1L, 2L));
    sender.replies.get(2).complete(List.of(3L, 4L));

    assertEquals(List.of(List.of(0L), List.of(1L, 2L), List.of(3L, 4L), List.of(5L)), sender.sent);
  }

  @Test
  void underConcurrentViewsEveryViewIsSentOnceAndAnsweredWithOneBatchInFlightAtATime()
      throws Exception {
    ExecutorService redis = Executors.newSingleThreadExecutor();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    AtomicLong counted = new AtomicLong();
    AtomicInteger calls = new AtomicInteger();
    ViewCountBatches batches =
        new ViewCountBatches(
            ids -> {
              mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              calls.incrementAndGet();
              return CompletableFuture.supplyAsync(
                  () -> {
                    List<Long> counts = new ArrayList<>();
                    for (Long id : ids) {
                      counts.add(counted.incrementAndGet());
                    }
                    inFlight.decrementAndGet();
                    return counts;
                  },
                  CompletableFuture.delayedExecutor(200, TimeUnit.MICROSECONDS, redis));
            },
            64);
    int threads = 8;
    int perThread = 500;
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<List<Long>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          CompletableFuture.supplyAsync(
              () -> {
                await(start);
                List<Long> seen = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  seen.add(batches.count(1).join());
                }
                return seen;
              },
              callers));
    }
    start.countDown();
    List<Long> all = new ArrayList<>();
    for (CompletableFuture<List<Long>> result : results) {
      all.addAll(result.get(60, TimeUnit.SECONDS));
    }
    callers.shutdown();
    redis.shutdown();

    assertEquals(threads * perThread, counted.get(), "every view counted once");
    assertEquals(
        threads * perThread, all.stream().distinct().count(), "every view got a count of its own");
    assertEquals(1, mostInFlight.get());
    assertTrue(calls.get() < threads * perThread, "concurrent views shared calls: " + calls.get());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
