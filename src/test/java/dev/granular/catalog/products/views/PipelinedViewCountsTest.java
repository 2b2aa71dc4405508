package dev.granular.catalog.products.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PipelinedViewCountsTest {

  /**
   * A fake Redis connection: a call is "written" when sent and counted when its reply is read, as Redis would have
   * counted it by then; it records how many calls are in flight at once and how often a reply was read.
   */
  private static final class CountingRedis implements PipelinedViewCounts.Sender {
    final Map<Long, Long> totals = new HashMap<>();
    final List<List<Long>> sent = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    volatile RuntimeException failReads;

    @Override
    public Supplier<List<Long>> apply(List<Long> ids) {
      sent.add(List.copyOf(ids));
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      return () -> {
        inFlight.decrementAndGet();
        reads.incrementAndGet();
        if (failReads != null) {
          throw failReads;
        }
        synchronized (totals) {
          List<Long> counts = new ArrayList<>();
          for (Long id : ids) {
            counts.add(totals.merge(id, 1L, Long::sum));
          }
          return counts;
        }
      };
    }
  }

  @Test
  void aViewIsWrittenAtOnceAndCountedWhenItsReplyIsRead() {
    CountingRedis redis = new CountingRedis();
    PipelinedViewCounts counts = new PipelinedViewCounts(redis, 10);

    CompletableFuture<Long> count = counts.count(7);

    assertEquals(List.of(List.of(7L)), redis.sent, "written at once");
    assertFalse(count.isDone(), "not before its reply is read");
    assertEquals(1L, counts.await(count));
    assertEquals(1, redis.reads.get());
  }

  @Test
  void viewsArrivingWhileABatchFliesLeaveTogetherWhenItsReplyIsRead() {
    CountingRedis redis = new CountingRedis();
    PipelinedViewCounts counts = new PipelinedViewCounts(redis, 10);
    CompletableFuture<Long> first = counts.count(1);
    CompletableFuture<Long> second = counts.count(2);
    CompletableFuture<Long> third = counts.count(2);
    assertEquals(1, redis.sent.size(), "one batch in flight at a time");

    assertEquals(1L, counts.await(first));
    assertEquals(List.of(List.of(1L), List.of(2L, 2L)), redis.sent, "the next batch left as the reply was read");
    assertFalse(second.isDone());
    assertEquals(2L, counts.await(third), "reading the batch completes every view in it");
    assertTrue(second.isDone());
    assertEquals(1L, second.join());
  }

  @Test
  void aBatchCarriesAtMostMaxBatchViews() {
    CountingRedis redis = new CountingRedis();
    PipelinedViewCounts counts = new PipelinedViewCounts(redis, 2);
    CompletableFuture<Long> first = counts.count(1);
    List<CompletableFuture<Long>> later = List.of(counts.count(1), counts.count(1), counts.count(1));

    counts.await(later.get(2));

    assertEquals(List.of(List.of(1L), List.of(1L, 1L), List.of(1L)), redis.sent);
    assertEquals(1L, first.join());
    assertEquals(List.of(2L, 3L, 4L), later.stream().map(CompletableFuture::join).toList());
  }

  @Test
  void aFailedReadFailsItsBatchOnlyAndTheNextLeaves() {
    CountingRedis redis = new CountingRedis();
    PipelinedViewCounts counts = new PipelinedViewCounts(redis, 10);
    CompletableFuture<Long> lost = counts.count(1);
    CompletableFuture<Long> next = counts.count(1);
    IllegalStateException timeout = new IllegalStateException("read timed out");
    redis.failReads = timeout;

    assertSame(timeout, assertThrows(IllegalStateException.class, () -> counts.await(lost)));
    redis.failReads = null;
    assertEquals(1L, counts.await(next), "Redis never counted the failed batch's view here");
  }

  @Test
  void aFailedWriteFailsItsViewsAtOnceAndLeavesNothingInFlight() {
    AtomicInteger calls = new AtomicInteger();
    CountingRedis redis = new CountingRedis();
    PipelinedViewCounts counts =
        new PipelinedViewCounts(
            ids -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("no connection");
              }
              return redis.apply(ids);
            },
            10);

    CompletableFuture<Long> failed = counts.count(5);
    assertTrue(failed.isCompletedExceptionally());
    assertThrows(IllegalStateException.class, () -> counts.await(failed));
    assertEquals(1L, counts.await(counts.count(5)), "the next view is written at once");
  }

  @Test
  void aCountNotStartedHereIsJustJoined() {
    PipelinedViewCounts counts = new PipelinedViewCounts(new CountingRedis(), 10);
    assertEquals(9L, counts.await(CompletableFuture.completedFuture(9L)));
  }

  @Test
  void concurrentViewsAreEachCountedOnceWithOneBatchInFlight() throws Exception {
    CountingRedis redis = new CountingRedis();
    PipelinedViewCounts counts = new PipelinedViewCounts(redis, 16);
    int threads = 8;
    int perThread = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Long>>> seen = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        seen.add(
            pool.submit(
                () -> {
                  List<Long> shown = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    shown.add(counts.await(counts.count(42)));
                  }
                  return shown;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> result : seen) {
        all.addAll(result.get());
      }
      Collections.sort(all);
      for (int i = 0; i < all.size(); i++) {
        assertEquals(i + 1L, all.get(i), "every count shown once, none skipped");
      }
    } finally {
      pool.shutdown();
    }
    assertEquals((long) threads * perThread, redis.totals.get(42L));
    assertEquals(1, redis.mostInFlight.get(), "never two batches in flight");
    assertTrue(redis.sent.size() < threads * perThread, "views travelled together: " + redis.sent.size() + " calls");
  }
}
