package dev.granular.bench;

import dev.granular.bench.RefillLockBenchmark.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many callers released at once on one new key: how many loads ran, and how long the slowest caller
 * took.
 */
final class Stampede implements AutoCloseable {

  /** One stampede's outcome. */
  record Trial(int loads, double slowestMillis) {}

  private final int callers;
  private final ExecutorService pool;

  Stampede(int callers) {
    this.callers = callers;
    this.pool = Executors.newFixedThreadPool(callers);
  }

  Trial run(Variant variant, String key) throws Exception {
    int before = variant.loads().getAsInt();
    CyclicBarrier start = new CyclicBarrier(callers);
    List<Future<Long>> calls = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      calls.add(
          pool.submit(
              () -> {
                start.await();
                long started = System.nanoTime();
                variant.call().call(key);
                return System.nanoTime() - started;
              }));
    }
    long slowest = 0;
    for (Future<Long> call : calls) {
      slowest = Math.max(slowest, call.get());
    }
    return new Trial(variant.loads().getAsInt() - before, slowest / 1_000_000.0);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
