package dev.granular.cache.lock;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Single flight within this instance, for when Redis (and with it the shared refill lock) is away:
 * concurrent callers of one key share one load instead of each reading the database.
 *
 * <p>A caller never takes the result of a load that was already running when it arrived: that load
 * may have read the row before a write that returned before this caller started. It waits for that
 * load to end and then leads or joins the next one, which started after it arrived. A caller whose
 * wait runs out, or whose leader failed, loads by itself.
 */
public final class LocalFlights {

  private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight =
      new ConcurrentHashMap<>();

  public Object load(String key, Duration wait, Callable<Object> loader) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    CompletableFuture<Object> earlier = inFlight.get(key);
    if (earlier != null && !awaitQuietly(earlier, deadline)) {
      return loader.call();
    }
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> leader = inFlight.putIfAbsent(key, mine);
    if (leader == null) {
      return lead(key, mine, loader);
    }
    try {
      // This flight began after the earlier one ended, hence after this caller arrived: its result
      // is fresh enough.
      return leader.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return loader.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return loader.call();
    }
  }

  private Object lead(String key, CompletableFuture<Object> mine, Callable<Object> loader)
      throws Exception {
    try {
      Object result = loader.call();
      mine.complete(result);
      return result;
    } catch (Exception | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /** Waits for a load to end, whatever its outcome; false when the deadline passed first. */
  private static boolean awaitQuietly(CompletableFuture<Object> flight, long deadline) {
    try {
      flight.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException e) {
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
