package dev.granular.catalog.products.views;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group commit for view counts over a blocking connection, with no I/O thread: the views that arrive while one batch
 * is on its way to Redis leave together as the next one, as in {@link ViewCountBatches}; but the batch is only
 * written when it leaves, and its reply is read by whichever request thread needs a count first ({@link #await}),
 * which then completes the batch's other views and writes the next batch. A thread never waits for a reply it does
 * not need, and no thread is woken to read a socket.
 *
 * <p>As with {@link ViewCountBatches}, a view's count comes only from Redis's reply for its batch, and nothing is
 * buffered beyond the replies waited for. At most one batch is in flight, so views use one connection at a time.
 */
final class PipelinedViewCounts {

  /** Writes one call counting these product ids (one per view) and gives the means to read its reply later. */
  interface Sender extends Function<List<Long>, Supplier<List<Long>>> {}

  private final Sender sender;
  private final int maxBatch;
  private final Object lock = new Object();
  private final ReentrantLock reading = new ReentrantLock();
  private List<Waiting> queued = new ArrayList<>();
  private Batch inFlight;

  /**
   * @param sender writes a call counting the views of these product ids and returns the reader of its reply: one
   *     count per id, in order; either may throw
   * @param maxBatch the most views one call carries
   */
  PipelinedViewCounts(Sender sender, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
    }
    this.sender = sender;
    this.maxBatch = maxBatch;
  }

  /**
   * Counts one view of {@code productId}: sends it at once when no batch is in flight, else queues it for the next.
   * The future completes in {@link #await}, with what Redis's reply says for this view.
   */
  CompletableFuture<Long> count(long productId) {
    Waiting view = new Waiting(productId, new CompletableFuture<>());
    synchronized (lock) {
      queued.add(view);
      if (inFlight == null) {
        sendQueued();
      }
    }
    return view.count();
  }

  /**
   * Waits for a count started by {@link #count}, reading the reply of the batch in flight when no other thread is
   * reading it; the count, or the failure of its batch (unwrapped when it is a runtime exception).
   */
  long await(CompletableFuture<Long> count) {
    while (!count.isDone()) {
      reading.lock();
      try {
        if (!count.isDone() && !readInFlight()) {
          break; // nothing in flight: the count was not started here
        }
      } finally {
        reading.unlock();
      }
    }
    try {
      return count.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  // Under the reading lock: reads the batch in flight, completes its views, sends the next. False when none flies.
  private boolean readInFlight() {
    Batch batch;
    synchronized (lock) {
      batch = inFlight;
    }
    if (batch == null) {
      return false;
    }
    List<Long> counts = null;
    RuntimeException failure = null;
    try {
      counts = batch.reply().get();
      if (counts == null || counts.size() != batch.views().size()) {
        failure = new IllegalStateException("expected " + batch.views().size() + " counts, got " + counts);
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    synchronized (lock) {
      inFlight = null;
      if (!queued.isEmpty()) {
        sendQueued();
      }
    }
    complete(batch.views(), counts, failure);
    return true;
  }

  // Under the lock: takes the queued views (at most maxBatch) and writes them; a failed write fails them at once.
  private void sendQueued() {
    while (!queued.isEmpty()) {
      List<Waiting> views = takeQueued();
      List<Long> ids = new ArrayList<>(views.size());
      for (Waiting view : views) {
        ids.add(view.productId());
      }
      try {
        inFlight = new Batch(views, sender.apply(ids));
        return;
      } catch (RuntimeException e) {
        complete(views, null, e);
      }
    }
  }

  private static void complete(List<Waiting> views, List<Long> counts, RuntimeException failure) {
    for (int i = 0; i < views.size(); i++) {
      if (failure == null) {
        views.get(i).count().complete(counts.get(i));
      } else {
        views.get(i).count().completeExceptionally(failure);
      }
    }
  }

  private List<Waiting> takeQueued() {
    if (queued.size() <= maxBatch) {
      List<Waiting> all = queued;
      queued = new ArrayList<>();
      return all;
    }
    List<Waiting> first = new ArrayList<>(queued.subList(0, maxBatch));
    queued = new ArrayList<>(queued.subList(maxBatch, queued.size()));
    return first;
  }

  private record Waiting(long productId, CompletableFuture<Long> count) {}

  private record Batch(List<Waiting> views, Supplier<List<Long>> reply) {}
}
