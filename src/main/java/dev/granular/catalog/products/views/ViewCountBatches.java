package dev.granular.catalog.products.views;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Group commit for view counts. While one batch of views is on its way to Redis, the views that
 * arrive wait and then leave together, as one script call. A view that finds nothing in flight
 * leaves at once, so a quiet instance adds no latency; under load, N concurrent views cost one
 * Redis command instead of N, which is most of what a cached {@code GET /api/products/{id}} costs
 * beyond the cache hit.
 *
 * <p>A view's future completes only with Redis's reply for its batch: a response never shows a view
 * that Redis does not hold, so a process killed after replying has lost nothing. Nothing is
 * buffered beyond the replies waited for.
 */
final class ViewCountBatches {

  private final Function<List<Long>, CompletionStage<List<Long>>> sender;
  private final Object lock = new Object();
  private final QueuedViews queued;
  private boolean inFlight;

  /**
   * @param sender counts the views of these product ids (one per view, repeats allowed) in one
   *     call; its reply holds one count per id, in order
   * @param maxBatch the most views one call carries
   */
  ViewCountBatches(Function<List<Long>, CompletionStage<List<Long>>> sender, int maxBatch) {
    this.queued = new QueuedViews(maxBatch);
    this.sender = sender;
  }

  /** Counts one view of {@code productId}; completes with what the sender's reply says for it. */
  CompletableFuture<Long> count(long productId) {
    QueuedViews.View view;
    List<QueuedViews.View> batch;
    synchronized (lock) {
      view = queued.add(productId);
      if (inFlight) {
        return view.count();
      }
      inFlight = true;
      batch = queued.take();
    }
    send(batch);
    return view.count();
  }

  private void send(List<QueuedViews.View> batch) {
    CompletionStage<List<Long>> reply;
    try {
      reply = sender.apply(QueuedViews.ids(batch));
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete(
        (counts, failure) -> {
          QueuedViews.complete(batch, counts, failure);
          sendNext();
        });
  }

  private void sendNext() {
    List<QueuedViews.View> next;
    synchronized (lock) {
      if (queued.isEmpty()) {
        inFlight = false;
        return;
      }
      next = queued.take();
    }
    send(next);
  }
}
