package dev.granular.cache.stats;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster-wide hits and misses per cache at each report, the last {@code capacity} of them, so
 * that a page can draw the hit rate over time from its first load.
 */
public final class StatisticsHistory {

  /** Totals at one moment (epoch milliseconds): per cache, {@code [hits, misses]}. */
  public record Point(long at, Map<String, long[]> caches) {}

  private final int capacity;
  private final Deque<Point> points = new ArrayDeque<>();

  public StatisticsHistory(int capacity) {
    this.capacity = capacity;
  }

  public synchronized void add(ClusterStatistics totals) {
    Map<String, long[]> caches = new TreeMap<>();
    totals.caches().forEach((name, s) -> caches.put(name, new long[] {s.hits(), s.misses()}));
    points.addLast(new Point(totals.reportedAt(), caches));
    while (points.size() > capacity) {
      points.removeFirst();
    }
  }

  public synchronized List<Point> points() {
    return new ArrayList<>(points);
  }
}
