package dev.granular.catalog.products.views;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The views of one claimed batch: product id to the number of views counted for it. Built from the
 * Redis hash, whose fields and values only this application writes; anything unreadable is skipped
 * with a warning, not written.
 */
public record ClaimedBatch(String id, Map<Long, Long> counts) {

  private static final Logger LOG = Logger.getLogger(ClaimedBatch.class.getName());

  /** Counts in product id order: flushers lock the rows in one order, so they cannot deadlock. */
  public ClaimedBatch {
    counts = Collections.unmodifiableSortedMap(new TreeMap<>(counts));
  }

  /** The batch from the fields of its Redis hash. */
  public static ClaimedBatch of(String id, Map<String, String> fields) {
    Map<Long, Long> counts = new TreeMap<>();
    fields.forEach(
        (product, views) -> {
          try {
            long count = Long.parseLong(views);
            if (count > 0) {
              counts.merge(Long.parseLong(product), count, Long::sum);
            }
          } catch (NumberFormatException e) {
            LOG.warning(() -> "views batch " + id + ": ignoring " + product + "=" + views);
          }
        });
    return new ClaimedBatch(id, counts);
  }

  /**
   * The batch cut into parts of at most {@code size} products each, in product id order; part
   * {@code n} has the id {@code <batch id>/<n>}. A batch never changes once claimed, so every
   * instance cuts it into the same parts: a flusher that claims it again after another died can
   * tell, part by part, which are in the database already.
   */
  public List<ClaimedBatch> parts(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("part size " + size);
    }
    List<ClaimedBatch> parts = new ArrayList<>();
    Map<Long, Long> part = new TreeMap<>();
    for (Map.Entry<Long, Long> count : counts.entrySet()) {
      part.put(count.getKey(), count.getValue());
      if (part.size() == size) {
        parts.add(new ClaimedBatch(id + "/" + parts.size(), part));
        part = new TreeMap<>();
      }
    }
    if (!part.isEmpty()) {
      parts.add(new ClaimedBatch(id + "/" + parts.size(), part));
    }
    return parts;
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  /** All views of the batch. */
  public long views() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    return id + " (" + counts.size() + " products, " + views() + " views)";
  }
}
