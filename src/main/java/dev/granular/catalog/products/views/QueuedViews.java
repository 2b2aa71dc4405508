package dev.granular.catalog.products.views;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The views waiting for the next batch of a group commit ({@link ViewCountBatches}), taken at most
 * {@code maxBatch} at a time, and the completion of a batch from Redis's reply. Not thread-safe:
 * the group commit guards it with its lock.
 */
final class QueuedViews {

  private final int maxBatch;
  private List<View> queued = new ArrayList<>();

  /**
   * @param maxBatch the most views one batch carries
   */
  QueuedViews(int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
    }
    this.maxBatch = maxBatch;
  }

  /** Queues one view of {@code productId}; its future completes with its batch. */
  View add(long productId) {
    View view = new View(productId, new CompletableFuture<>());
    queued.add(view);
    return view;
  }

  boolean isEmpty() {
    return queued.isEmpty();
  }

  /** Takes the next batch: the oldest queued views, at most {@code maxBatch}. */
  List<View> take() {
    if (queued.size() <= maxBatch) {
      List<View> all = queued;
      queued = new ArrayList<>();
      return all;
    }
    List<View> first = new ArrayList<>(queued.subList(0, maxBatch));
    queued = new ArrayList<>(queued.subList(maxBatch, queued.size()));
    return first;
  }

  /** The product ids of a batch, one per view, in order: what the count script takes. */
  static List<Long> ids(List<View> batch) {
    List<Long> ids = new ArrayList<>(batch.size());
    for (View view : batch) {
      ids.add(view.productId());
    }
    return ids;
  }

  /**
   * Completes every view of {@code batch} with its count in {@code counts} (one per view, in
   * order), or all with {@code failure}; a reply with another number of counts fails them all.
   */
  static void complete(List<View> batch, List<Long> counts, Throwable failure) {
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

  /**
   * The count of a completed view, or the failure of its batch (unwrapped when it is a runtime
   * exception).
   */
  static long countOf(CompletableFuture<Long> count) {
    try {
      return count.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** One view being counted, and the count Redis gives it. */
  record View(long productId, CompletableFuture<Long> count) {}
}
