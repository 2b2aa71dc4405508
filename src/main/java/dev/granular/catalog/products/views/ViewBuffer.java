package dev.granular.catalog.products.views;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The views of {@code views.count-mode=buffered}: counted in this process and sent to Redis
 * together every {@code views.buffer-interval}, so that a read pays no Redis command for its view.
 *
 * <p>For each product viewed lately it keeps the count Redis last gave (all instances' views, as
 * far as Redis knew) and this instance's views since. The count shown is their sum: it never goes
 * down, it includes every view this instance served, and another instance's views appear in it
 * after that instance's next send and this one's. Only a product whose count Redis gave once (an
 * exact view, see {@link #remember}) is counted here; the first view of a product on an instance
 * goes to Redis, which seeds its count from the database.
 *
 * <p>The price: a process killed without its shutdown send loses the views of at most one interval
 * (and of the send in flight, if its reply never came). Bounded: at most {@code maxProducts}
 * products are held, and a product not viewed for {@code idleDrains} sends is forgotten.
 */
final class ViewBuffer {

  private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
  private final int maxProducts;
  private final int idleDrains;

  /**
   * @param maxProducts the most products held; views of others go the exact way
   * @param idleDrains after how many sends without a view a product is forgotten
   */
  ViewBuffer(int maxProducts, int idleDrains) {
    if (maxProducts < 1 || idleDrains < 1) {
      throw new IllegalArgumentException("maxProducts and idleDrains must be at least 1");
    }
    this.maxProducts = maxProducts;
    this.idleDrains = idleDrains;
  }

  /**
   * Counts one view here; the count to show, or -1 when this product is not held (count it the
   * exact way).
   */
  long count(long productId) {
    Entry entry = entries.get(productId);
    return entry == null ? -1 : entry.count();
  }

  /**
   * Remembers the count Redis gave an exact view of this product, so that its next views are
   * counted here.
   */
  void remember(long productId, long shown) {
    if (shown < 0) {
      return;
    }
    Entry entry = entries.get(productId);
    if (entry == null && entries.size() < maxProducts) {
      entry = entries.computeIfAbsent(productId, id -> new Entry());
    }
    if (entry != null) {
      entry.raise(shown);
    }
  }

  /**
   * Takes back one view counted here and not sent yet; false when there is none (it may be in
   * Redis).
   */
  boolean takeBack(long productId) {
    Entry entry = entries.get(productId);
    return entry != null && entry.takeBack();
  }

  /** Products held now. */
  int size() {
    return entries.size();
  }

  /** Views counted here and not sent yet. */
  long unsent() {
    long sum = 0;
    for (Entry entry : entries.values()) {
      sum += entry.unsent();
    }
    return sum;
  }

  /**
   * Takes the views not sent yet, to be sent now; forgets products idle for {@code idleDrains}
   * drains. Complete the drain with {@link #sent} or {@link #failed}; one drain at a time.
   */
  Drain drain() {
    List<Long> ids = new ArrayList<>();
    List<Long> views = new ArrayList<>();
    for (Map.Entry<Long, Entry> held : entries.entrySet()) {
      Entry entry = held.getValue();
      long taken = entry.take(idleDrains);
      if (taken > 0) {
        ids.add(held.getKey());
        views.add(taken);
      } else if (taken < 0) {
        entries.remove(held.getKey(), entry);
      }
    }
    return new Drain(List.copyOf(ids), List.copyOf(views));
  }

  /**
   * Redis holds a drain's views: {@code totals} gives, per product in order, the count Redis now
   * shows (every instance's views), or -1 when Redis had no count for it (it is forgotten, and
   * counted the exact way again).
   */
  void sent(Drain drain, List<Long> totals) {
    if (totals.size() != drain.size()) {
      throw new IllegalArgumentException(
          "expected " + drain.size() + " totals, got " + totals.size());
    }
    for (int i = 0; i < drain.size(); i++) {
      long id = drain.productIds().get(i);
      Entry entry = entries.get(id);
      if (entry == null) {
        continue;
      }
      if (totals.get(i) < 0) {
        forget(id, entry);
      } else {
        entry.acknowledge(drain.views().get(i), totals.get(i));
      }
    }
  }

  /**
   * A drain could not be sent (its views are counted elsewhere by the caller): its products are
   * forgotten, since the counts Redis gave them can no longer be trusted.
   */
  void failed(Drain drain) {
    for (long id : drain.productIds()) {
      Entry entry = entries.get(id);
      if (entry != null) {
        forget(id, entry);
      }
    }
  }

  private void forget(long id, Entry entry) {
    long left = entry.retire();
    entries.remove(id, entry);
    if (left > 0) {
      // Views counted between the drain and its reply: keep them for the next drain on a fresh,
      // retired-count entry.
      Entry orphan = entries.computeIfAbsent(id, key -> new Entry());
      orphan.adopt(left);
    }
  }

  /** Views taken for one send: product ids and how many views of each, in the same order. */
  record Drain(List<Long> productIds, List<Long> views) {
    int size() {
      return productIds.size();
    }

    boolean isEmpty() {
      return productIds.isEmpty();
    }

    /**
     * The products {@code from} (inclusive) to {@code to} (exclusive) of this drain, to send in
     * parts.
     */
    Drain slice(int from, int to) {
      return new Drain(productIds.subList(from, to), views.subList(from, to));
    }

    long totalViews() {
      return views.stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * One product: {@code base} is the count Redis last gave (-1: none, views are held but not shown
   * from here), {@code sent} the views on their way, {@code unsent} those waiting for the next
   * drain.
   */
  private static final class Entry {
    private long base = -1;
    private long sent;
    private long unsent;
    private int idle;
    private boolean retired;

    synchronized long count() {
      if (retired || base < 0) {
        return -1;
      }
      unsent++;
      idle = 0;
      return base + sent + unsent;
    }

    synchronized void raise(long shown) {
      if (!retired) {
        // An exact count includes every view Redis held and none of ours waiting here; the views on
        // their way may or may not be in it, so they are taken out: a count shown never runs ahead
        // of Redis, and the reply of the send in flight catches up.
        base = Math.max(base, shown - sent);
      }
    }

    synchronized boolean takeBack() {
      if (unsent == 0) {
        return false;
      }
      unsent--;
      return true;
    }

    synchronized long unsent() {
      return unsent;
    }

    /**
     * The views to send now; 0 when none; -1 when idle long enough to be forgotten (then retired).
     */
    synchronized long take(int idleDrains) {
      if (unsent > 0) {
        long taken = unsent;
        sent += taken;
        unsent = 0;
        return taken;
      }
      if (sent == 0 && ++idle >= idleDrains) {
        retired = true;
        return -1;
      }
      return 0;
    }

    synchronized void acknowledge(long views, long total) {
      sent -= views;
      base = Math.max(base, total - sent);
    }

    /**
     * Retires this entry; the views counted here since the last drain, which still need sending.
     */
    synchronized long retire() {
      retired = true;
      long left = unsent;
      unsent = 0;
      return left;
    }

    synchronized void adopt(long views) {
      unsent += views;
    }
  }
}
