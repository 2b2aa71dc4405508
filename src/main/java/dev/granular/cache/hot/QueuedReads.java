package dev.granular.cache.hot;

import dev.granular.cache.hot.BackgroundReads.Purpose;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The background reads queued, by identity (a read queued twice runs once), and what became of them
 * per purpose: done, failed (the last failure kept, the first per method logged as a warning), or
 * refused while the background was behind; the statistics of {@link BackgroundReads}.
 */
final class QueuedReads {

  private static final Logger LOG = Logger.getLogger(BackgroundReads.class.getName());

  private final Map<Object, Purpose> queued = new ConcurrentHashMap<>();
  private final Map<Purpose, LongAdder> done = counters();
  private final Map<Purpose, LongAdder> failures = counters();
  private final LongAdder behind = new LongAdder();
  private final Map<Purpose, String> lastFailure = new ConcurrentHashMap<>();
  private final Set<Method> failedBefore = ConcurrentHashMap.newKeySet();

  /** Queues {@code identity} for {@code purpose}; false when it is queued already. */
  boolean add(Object identity, Purpose purpose) {
    return queued.putIfAbsent(identity, purpose) == null;
  }

  /**
   * No longer queued: not queued after all, or running (queued again from then on, it runs again).
   */
  void remove(Object identity) {
    queued.remove(identity);
  }

  /** Not queued after all: the background is behind, and the read is left to its caller. */
  void refusedWhileBehind(Object identity) {
    queued.remove(identity);
    behind.increment();
  }

  void done(Purpose purpose) {
    done.get(purpose).increment();
  }

  void failed(Purpose purpose, BackgroundRead read, Throwable cause) {
    failures.get(purpose).increment();
    lastFailure.put(purpose, read + ": " + cause);
    Level level = failedBefore.add(read.method()) ? Level.WARNING : Level.FINE;
    LOG.log(
        level,
        cause,
        () ->
            "Background read ("
                + purpose.label()
                + ") of "
                + read
                + " failed; the entry's next "
                + "reader loads it");
  }

  /** The reads queued for {@code purpose}, not yet running. */
  int queued(Purpose purpose) {
    return (int) queued.values().stream().filter(purpose::equals).count();
  }

  /** The reads for {@code purpose} that threw. */
  long failures(Purpose purpose) {
    return failures.get(purpose).sum();
  }

  /** The last read for {@code purpose} that threw, and why, or null. */
  String lastFailure(Purpose purpose) {
    return lastFailure.get(purpose);
  }

  /** As {@link BackgroundReads#statistics()}, with the {@code threads} that run the reads. */
  JsonObject statistics(int threads) {
    JsonObjectBuilder all = Json.createObjectBuilder();
    for (Purpose purpose : Purpose.values()) {
      all.add(
          purpose.label(),
          addReads(purpose, Json.createObjectBuilder()).add("done", done.get(purpose).sum()));
    }
    return all.add("threads", threads).add("refusedWhileBehind", behind.sum()).build();
  }

  /**
   * Adds to {@code into} the reads {@code queued} for {@code purpose}, their {@code failures} and
   * the {@code lastFailure}.
   */
  JsonObjectBuilder addReads(Purpose purpose, JsonObjectBuilder into) {
    into.add("queued", queued(purpose)).add("failures", failures(purpose));
    String last = lastFailure(purpose);
    return last == null ? into.addNull("lastFailure") : into.add("lastFailure", last);
  }

  private static Map<Purpose, LongAdder> counters() {
    Map<Purpose, LongAdder> counters = new EnumMap<>(Purpose.class);
    for (Purpose purpose : Purpose.values()) {
      counters.put(purpose, new LongAdder());
    }
    return counters;
  }
}
