package dev.granular.catalog.products.views;

import dev.granular.cache.redis.CacheUnavailableException;
import dev.granular.catalog.products.entity.ProductView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts product views. A view is counted in Redis ({@link RedisViewCounter}) and written to the
 * database later by the {@link ViewFlusher}; the count shown is the stored one plus the pending
 * ones. With {@code views.count-mode=buffered} the views of a product whose count this instance
 * knows are counted in process and sent to Redis in batches ({@link BufferedViews}); its first view
 * here is counted in Redis as above.
 *
 * <p>When Redis is away (circuit open) the view is counted straight in the database, so it is not
 * lost. When a Redis call fails otherwise (a timeout), Redis may have counted the view all the
 * same: it is counted in the database too, and logged, because a view counted twice is better than
 * a view lost.
 */
@ApplicationScoped
public class ProductViews {

  private static final Logger LOG = Logger.getLogger(ProductViews.class.getName());

  @Inject RedisViewCounter counter;
  @Inject ViewStore store;
  @Inject BufferedViews buffered;

  private final LongAdder countedInDatabase = new LongAdder();
  private final LongAdder maybeCountedTwice = new LongAdder();

  /**
   * Starts counting a view of product {@code productId} while the caller looks the product up; then
   * call {@link #viewed(Counting, ProductView)} with the product, or {@link #abandon} when there is
   * none. Never throws.
   */
  public Counting start(long productId) {
    long inProcess = buffered.count(productId);
    if (inProcess >= 0) {
      return new Counting(productId, CompletableFuture.completedFuture(inProcess), null, true);
    }
    try {
      return new Counting(productId, counter.startCounting(productId), null, false);
    } catch (RuntimeException e) {
      return new Counting(productId, null, e, false);
    }
  }

  /**
   * The product with its views, including the one {@code counting} counted (or counts now, if Redis
   * failed).
   */
  public ProductView viewed(Counting counting, ProductView product) {
    if (counting.failure() != null) {
      return product.withViews(onFailure(product, counting.failure()));
    }
    if (counting.inProcess()) {
      return product.withViews(counting.future().join());
    }
    long count;
    try {
      long first = counter.await(counting.future());
      count = first >= 0 ? first : counter.seed(product.id(), product.views());
    } catch (RuntimeException e) {
      return product.withViews(onFailure(product, e));
    }
    buffered.remember(product.id(), count);
    return product.withViews(count);
  }

  /** Takes back a view started for a product that does not exist, or whose lookup failed. */
  public void abandon(Counting counting) {
    if (counting.future() == null
        || (counting.inProcess() && buffered.takeBack(counting.productId()))) {
      return;
    }
    try {
      if (counter.await(counting.future()) >= 0) {
        counter.uncount(counting.productId());
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.FINE,
          "View of missing product {0} may stay counted: {1}",
          new Object[] {counting.productId(), e});
    }
  }

  /**
   * A view being counted in Redis (its future, or why it could not be started), or counted in
   * process already ({@code inProcess}, {@code views.count-mode=buffered}).
   */
  public record Counting(
      long productId,
      CompletableFuture<Long> future,
      RuntimeException failure,
      boolean inProcess) {}

  private long onFailure(ProductView product, RuntimeException failure) {
    if (failure instanceof CacheUnavailableException) {
      LOG.log(Level.FINE, "Redis away: view of product {0} counted in the database", product.id());
      return countInDatabase(product);
    }
    maybeCountedTwice.increment();
    LOG.warning(
        () ->
            "View of product "
                + product.id()
                + " counted in the database after a failed Redis call, which may"
                + " have counted it too: "
                + failure);
    return countInDatabase(product);
  }

  /**
   * Views counted straight in the database on this instance, and how many of them Redis may have
   * counted too.
   */
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
