package dev.granular.catalog.products.views;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/demo/views}: the write-back at work. What waits in Redis (products with pending
 * views, claimed batches; -1 when Redis is away), what this instance's flusher did since it
 * started, and the views it counted straight in the database because a Redis call failed; with
 * {@code views.count-mode=buffered}, what its buffer holds and sent.
 */
@Path("demo/views")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ViewsResource {

  @Inject RedisViewCounter counter;
  @Inject ViewFlusher flusher;
  @Inject ProductViews views;
  @Inject BufferedViews buffered;

  public record ViewStats(
      long pendingProducts,
      long claimedBatches,
      long flushedBatches,
      long flushedViews,
      long alreadyApplied,
      long batchesClaimedHere,
      long countedInDatabase,
      long maybeCountedTwice,
      BufferedViews.Stats buffered) {}

  @GET
  public ViewStats views() {
    RedisViewCounter.Backlog backlog;
    try {
      backlog = counter.backlog();
    } catch (RuntimeException redisAway) {
      backlog = new RedisViewCounter.Backlog(-1, -1);
    }
    ViewFlusher.Stats stats = flusher.stats();
    ProductViews.Fallbacks fallbacks = views.fallbacks();
    return new ViewStats(
        backlog.pendingProducts(),
        backlog.claimedBatches(),
        stats.flushedBatches(),
        stats.flushedViews(),
        stats.alreadyApplied(),
        stats.claimedBatches(),
        fallbacks.countedInDatabase(),
        fallbacks.maybeCountedTwice(),
        buffered.stats());
  }
}
