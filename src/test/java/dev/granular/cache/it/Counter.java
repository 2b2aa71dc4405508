package dev.granular.cache.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How often each method of the test beans really ran, shared by beans of every scope. */
public final class Counter {

  private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

  private Counter() {}

  public static int count(String what) {
    return COUNTS.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  public static int of(String what) {
    return COUNTS.computeIfAbsent(what, k -> new AtomicInteger()).get();
  }
}
