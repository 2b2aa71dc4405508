package dev.granular.cache.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.granular.cache.redis.RedisCircuit;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.cache.stats.CacheStatistics;
import dev.granular.cache.stats.CacheStatisticsRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;

/**
 * Failover under load, on any replicated topology: readers and writers keep going through the cache
 * while a subclass's disruption replaces the master. No exception may reach a caller (reads fall
 * back to the method while Redis is away), no read may return a value older than a write
 * acknowledged before it started, the library must notice (its circuit opens) and recover, and
 * afterwards the cache serves every acknowledged write, as hits. A subclass starts the topology and
 * calls {@link #boot} in {@code @BeforeAll}.
 */
abstract class FailoverContract {

  private static final Logger LOG = Logger.getLogger(FailoverContract.class.getName());
  private static final int ROWS = 20;
  private static final int READERS = 3;
  private static final int WRITERS = 2;

  static WeldRedis weld;
  static TopologyCatalog catalog;
  static CacheStatisticsRegistry statistics;

  /**
   * Per row, the highest write number acknowledged to its writer (the method and its cache put
   * returned).
   */
  private static final Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();

  private static final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger callerErrors = new AtomicInteger();
  private final AtomicInteger staleReads = new AtomicInteger();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong firstHitAfterKill = new AtomicLong(Long.MAX_VALUE);
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();
  private final AtomicBoolean running = new AtomicBoolean(true);

  /**
   * Every fallback is logged as a warning (tens of thousands here); the test counts them from the
   * statistics instead. The circuit's and the connection's messages stay.
   */
  private static final List<Logger> QUIETED =
      List.of(
          Logger.getLogger("dev.granular.cache.interceptor"),
          Logger.getLogger("dev.granular.cache.lock"),
          Logger.getLogger("dev.granular.cache.tag"));

  static void boot(Map<String, String> properties) {
    QUIETED.forEach(logger -> logger.setLevel(Level.SEVERE));
    weld = new WeldRedis(properties);
    catalog = weld.get(TopologyCatalog.class);
    statistics = weld.get(CacheStatisticsRegistry.class);
  }

  @AfterAll
  static void closeContainer() {
    QUIETED.forEach(logger -> logger.setLevel(null));
    if (weld != null) {
      weld.close();
      weld = null;
    }
  }

  /** Kills or demotes a master; returns its port. */
  interface Disruption {
    int apply() throws Exception;
  }

  /**
   * Waits until the topology serves again without the master on {@code oldPort}; returns the new
   * master's port.
   */
  abstract int awaitTakeover(int oldPort) throws Exception;

  void runThrough(String what, Disruption disruption) throws Exception {
    running.set(true);
    firstHitAfterKill.set(Long.MAX_VALUE);
    for (int i = 0; i < ROWS; i++) {
      acknowledged.computeIfAbsent(row(i), r -> new AtomicInteger());
      synchronized (acknowledged.get(row(i))) {
        int number = sequence.incrementAndGet();
        catalog.update(row(i), row(i) + "#" + number);
        acknowledged.get(row(i)).set(number);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(READERS + WRITERS);
    for (int i = 0; i < READERS; i++) {
      pool.submit(this::read);
    }
    for (int i = 0; i < WRITERS; i++) {
      pool.submit(this::write);
    }
    Thread.sleep(1500);
    CacheStatistics beforeKill = statistics.of("topo-rows").snapshot();
    killedAt.set(System.nanoTime());
    int oldMaster = disruption.apply();
    int newMaster = awaitTakeover(oldMaster);
    long promoted = System.nanoTime();
    // The library must notice (its circuit opens: calls failed, or the master moved) and recover
    // (voiding every entry); the first hit counted after that comes from the new master.
    RedisCircuit circuit = weld.get(RedisConnection.class).circuit();
    boolean noticed = false;
    long hitsAfterRecovery = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      long hits = statistics.of("topo-rows").snapshot().hits();
      if (circuit.isOpen()) {
        noticed = true;
      } else if (noticed && hitsAfterRecovery < 0) {
        hitsAfterRecovery = hits;
      } else if (noticed && hits > hitsAfterRecovery) {
        firstHitAfterKill.set(System.nanoTime());
        break;
      }
      Thread.sleep(10);
    }
    assertTrue(noticed, "the library noticed the failover: its circuit opened");
    Thread.sleep(500); // keep going on the new master for a while
    running.set(false);
    pool.shutdown();
    assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS), "the load threads stopped");
    CacheStatistics during = statistics.of("topo-rows").snapshot().minus(beforeKill);

    LOG.info(
        () ->
            String.format(
                "Failover (%s): master %d replaced by %d after %d ms; cache hits again (after its recovery) "
                    + "after %d ms; "
                    + "%d reads, %d writes, caller errors %d, stale reads %d; since the disruption: %d cache errors "
                    + "(fallbacks to the method), %d loads, %d hits, %d refused stores, %d stale entries voided",
                what,
                oldMaster,
                newMaster,
                millis(promoted - killedAt.get()),
                millis(firstHitAfterKill.get() - killedAt.get()),
                reads.get(),
                writes.get(),
                callerErrors.get(),
                staleReads.get(),
                during.errors(),
                during.loads(),
                during.hits(),
                during.refusedStores(),
                during.staleReads()));

    assertEquals(
        0, callerErrors.get(), "no exception reached a caller; first: " + firstError.get());
    assertEquals(
        0, staleReads.get(), "no read returned a value older than a write acknowledged before it");
    assertTrue(
        firstHitAfterKill.get() != Long.MAX_VALUE,
        "the cache served hits again after the failover");
    long settled = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (circuit.isOpen() && System.nanoTime() < settled) {
      Thread.sleep(
          20); // a late connection event may have reopened it; the checks below are about the cache
    }
    for (int i = 0; i < ROWS; i++) {
      String expected = row(i) + "#" + acknowledged.get(row(i)).get();
      assertEquals(expected, catalog.row(row(i)), "the row holds the last acknowledged write");
      assertEquals(
          expected,
          catalog.read(row(i)),
          "the cache serves the last acknowledged write of " + row(i));
      assertTrue(servedAsHit(row(i), expected), "and serves it as a hit");
    }
  }

  /**
   * True once a read of {@code row} is a hit, within a few seconds: a late connection event may
   * open the circuit for a moment, and reads then fall back to the method. Every read must return
   * {@code expected} all the same.
   */
  private static boolean servedAsHit(String row, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      int loads = catalog.loadsOnThisThread();
      assertEquals(expected, catalog.read(row));
      if (loads == catalog.loadsOnThisThread()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private void read() {
    while (running.get()) {
      String row = row(ThreadLocalRandom.current().nextInt(ROWS));
      int floor = acknowledged.get(row).get();
      try {
        String value = catalog.read(row);
        reads.incrementAndGet();
        if (numberOf(value) < floor) {
          staleReads.incrementAndGet();
          LOG.warning(
              () ->
                  "Stale read of " + row + ": " + value + " after #" + floor + " was acknowledged");
        }
      } catch (RuntimeException e) {
        failed(e);
      }
      pause(1); // a steady load, not a busy loop on a 2-core machine
    }
  }

  private void write() {
    while (running.get()) {
      int i = ThreadLocalRandom.current().nextInt(ROWS);
      // one writer per row at a time, as a database row lock would order them
      synchronized (acknowledged.get(row(i))) {
        int number = sequence.incrementAndGet();
        try {
          catalog.update(row(i), row(i) + "#" + number);
          acknowledged.get(row(i)).set(number);
          writes.incrementAndGet();
        } catch (RuntimeException e) {
          failed(e);
        }
      }
      pause(5);
    }
  }

  private void failed(RuntimeException e) {
    callerErrors.incrementAndGet();
    firstError.compareAndSet(null, e);
  }

  private static int numberOf(String value) {
    return value == null ? -1 : Integer.parseInt(value.substring(value.indexOf('#') + 1));
  }

  private static String row(int i) {
    return "row-" + i;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
