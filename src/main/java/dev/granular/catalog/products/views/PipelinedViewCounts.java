package dev.granular.catalog.products.views;

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
  private final Object lock = new Object();
  private final ReentrantLock reading = new ReentrantLock();
  private final QueuedViews queued;
  private Batch inFlight;

  /**
   * @param sender writes a call counting the views of these product ids and returns the reader of its reply: one
   *     count per id, in order; either may throw
   * @param maxBatch the most views one call carries
   */
  PipelinedViewCounts(Sender sender, int maxBatch) {
    this.queued = new QueuedViews(maxBatch);
    this.sender = sender;
  }

  /**
   * Counts one view of {@code productId}: sends it at once when no batch is in flight, else queues it for the next.
   * The future completes in {@link #await}, with what Redis's reply says for this view.
   */
  CompletableFuture<Long> count(long productId) {
    QueuedViews.View view;
    synchronized (lock) {
      view = queued.add(productId);
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
    return QueuedViews.countOf(count);
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
    } catch (RuntimeException e) {
      failure = e;
    }
    synchronized (lock) {
      inFlight = null;
      if (!queued.isEmpty()) {
        sendQueued();
      }
    }
    QueuedViews.complete(batch.views(), counts, failure);
    return true;
  }

  // Under the lock: takes the queued views (at most maxBatch) and writes them; a failed write fails them at once.
  private void sendQueued() {
    while (!queued.isEmpty()) {
      List<QueuedViews.View> views = queued.take();
      try {
        inFlight = new Batch(views, sender.apply(QueuedViews.ids(views)));
        return;
      } catch (RuntimeException e) {
        QueuedViews.complete(views, null, e);
      }
    }
  }

  private record Batch(List<QueuedViews.View> views, Supplier<List<Long>> reply) {}
}
