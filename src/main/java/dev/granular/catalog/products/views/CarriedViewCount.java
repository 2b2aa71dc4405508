package dev.granular.catalog.products.views;

import static dev.granular.catalog.products.views.RedisViewCounter.PENDING;
import static dev.granular.catalog.products.views.RedisViewCounter.TOTAL;

import dev.granular.cache.redis.CarriedCall;
import dev.granular.cache.redis.DirectConnections;
import dev.granular.cache.redis.LuaScript;
import dev.granular.cache.redis.RedisConnection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A view count riding with its thread's next cache read; completed by {@link #await}. The exact
 * per-request count of {@link RedisViewCounter#startCounting} on a single server, over the
 * library's direct connections ({@link DirectConnections#carry}).
 */
final class CarriedViewCount extends CompletableFuture<Long> {

  private static final LuaScript COUNT_ALL_SCRIPT =
      LuaScript.of(RedisViewCountScripts.COUNT_ALL_IF_SHOWN);
  private static final List<String> COUNT_KEYS = List.of(PENDING, TOTAL);

  private final CarriedCall call;

  private CarriedViewCount(CarriedCall call) {
    this.call = call;
  }

  /**
   * Starts counting one view of {@code productId}, to ride with this thread's next read over a
   * direct connection.
   */
  static CompletableFuture<Long> start(RedisConnection redis, long productId) {
    DirectConnections direct = redis.direct().get();
    List<String> id = List.of(String.valueOf(productId));
    return redis
        .circuit()
        .call(() -> new CarriedViewCount(direct.carry(COUNT_ALL_SCRIPT, COUNT_KEYS, id)));
  }

  /**
   * The count: the carried call's reply, or, when no read carried it, that of the call sent alone
   * now.
   */
  @SuppressWarnings("unchecked")
  long await() {
    if (isDone()) {
      return QueuedViews.countOf(this);
    }
    try {
      // Not carried by a read: sent alone now, on this thread, one round trip. Joining a group
      // commit instead (the views in flight meanwhile leaving together) cost a near-cache hit about
      // a fifth of its throughput on the 2-core bench machine: every view waited for a reply
      // another thread read, and was woken by it.
      long count = RedisViewCountScripts.asCounts((List<Object>) call.await()).get(0);
      complete(count);
      return count;
    } catch (RuntimeException e) {
      completeExceptionally(e);
      throw e;
    }
  }
}
