package dev.granular.catalog.products.views;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Group commit for view counts. While one batch of views is on its way to Redis, the views that arrive wait and then
 * leave together, as one script call. A view that finds nothing in flight leaves at once, so a quiet instance adds no
 * latency; under load, N concurrent views cost one Redis command instead of N, which is most of what a cached
 * {@code GET /api/products/{id}} costs beyond the cache hit.
 *
 * <p>A view's future completes only with Redis's reply for its batch: a response never shows a view that Redis does
 * not hold, so a process killed after replying has lost nothing. Nothing is buffered beyond the replies waited for.
 */
final class ViewCountBatches {

  private final Function<List<Long>, CompletionStage<List<Long>>> sender;
  private final int maxBatch;
  private final Object lock = new Object();
  private List<Waiting> queued = new ArrayList<>();
  private boolean inFlight;

  /**
   * @param sender counts the views of these product ids (one per view, repeats allowed) in one call; its reply holds
   *     one count per id, in order
   * @param maxBatch the most views one call carries
   */
  ViewCountBatches(Function<List<Long>, CompletionStage<List<Long>>> sender, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
    }
    this.sender = sender;
    this.maxBatch = maxBatch;
  }

  /** Counts one view of {@code productId}; completes with what the sender's reply says for it. */
  CompletableFuture<Long> count(long productId) {
    Waiting view = new Waiting(productId, new CompletableFuture<>());
    List<Waiting> batch;
    synchronized (lock) {
      queued.add(view);
      if (inFlight) {
        return view.count();
      }
      inFlight = true;
      batch = takeQueued();
    }
    send(batch);
    return view.count();
  }

  private void send(List<Waiting> batch) {
    CompletionStage<List<Long>> reply;
    try {
      List<Long> ids = new ArrayList<>(batch.size());
      for (Waiting view : batch) {
        ids.add(view.productId());
      }
      reply = sender.apply(ids);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete(
        (counts, failure) -> {
          complete(batch, counts, failure);
          sendNext();
        });
  }

  private static void complete(List<Waiting> batch, List<Long> counts, Throwable failure) {
    if (failure == null && (counts == null || counts.size() != batch.size())) {
      failure = new IllegalStateException("expected " + batch.size() + " counts, got " + counts);
    }
    for (int i = 0; i < batch.size(); i++) {
      if (failure == null) {
        batch.get(i).count().complete(counts.get(i));
      } else {
        batch.get(i).count().completeExceptionally(failure);
      }
    }
  }

  private void sendNext() {
    List<Waiting> next;
    synchronized (lock) {
      if (queued.isEmpty()) {
        inFlight = false;
        return;
      }
      next = takeQueued();
    }
    send(next);
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
}
