package dev.granular.cache.lock;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Single flight within this instance, for when Redis (and with it the shared refill lock) is away: concurrent
 * callers of one key share the first caller's load instead of each reading the database. A caller whose wait runs
 * out, or whose leader failed, loads by itself.
 */
public final class LocalFlights {

  private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();

  public Object load(String key, Duration wait, Callable<Object> loader) throws Exception {
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> leader = inFlight.putIfAbsent(key, mine);
    if (leader == null) {
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
    try {
      return leader.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return loader.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return loader.call();
    }
  }
}
