package dev.granular.catalog.products.views;

import dev.granular.cache.redis.CacheUnavailableException;
import dev.granular.catalog.products.entity.ProductView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts product views. A view is counted in Redis ({@link RedisViewCounter}) and written to the database later by
 * the {@link ViewFlusher}; the count shown is the stored one plus the pending ones.
 *
 * <p>When Redis is away (circuit open) the view is counted straight in the database, so it is not lost. When a Redis
 * call fails otherwise (a timeout), Redis may have counted the view all the same: it is counted in the database too,
 * and logged, because a view counted twice is better than a view lost.
 */
@ApplicationScoped
public class ProductViews {

  private static final Logger LOG = Logger.getLogger(ProductViews.class.getName());

  @Inject RedisViewCounter counter;
  @Inject ViewStore store;

  private final LongAdder countedInDatabase = new LongAdder();
  private final LongAdder maybeCountedTwice = new LongAdder();

  /** Counts one view of an existing product; the product with its views including this one. */
  public ProductView viewed(ProductView product) {
    long count;
    try {
      count = counter.count(product.id(), product.views());
    } catch (CacheUnavailableException redisAway) {
      LOG.log(Level.FINE, "Redis away: view of product {0} counted in the database", product.id());
      count = countInDatabase(product);
    } catch (RuntimeException uncertain) {
      maybeCountedTwice.increment();
      LOG.warning(
          () -> "View of product " + product.id() + " counted in the database after a failed Redis call, which may"
              + " have counted it too: " + uncertain);
      count = countInDatabase(product);
    }
    return product.withViews(count);
  }

  /** Views counted straight in the database on this instance, and how many of them Redis may have counted too. */
  public record Fallbacks(long countedInDatabase, long maybeCountedTwice) {}

  public Fallbacks fallbacks() {
    return new Fallbacks(countedInDatabase.sum(), maybeCountedTwice.sum());
  }

  private long countInDatabase(ProductView product) {
    store.countOne(product.id());
    countedInDatabase.increment();
    return product.views() + 1;
  }
}
