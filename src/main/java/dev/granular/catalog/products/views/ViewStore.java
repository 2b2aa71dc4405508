package dev.granular.catalog.products.views;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Writes views to the database with SQL updates, which bypass the {@code Product} entity on
 * purpose: no listener fires, so the write-back never evicts cached products, and no version is
 * bumped, so it never conflicts with an edit. A product deleted meanwhile simply matches no row.
 * Rows are updated in id order, so two flushers never deadlock.
 */
@ApplicationScoped
public class ViewStore {

  // Native SQL, not JPQL: EclipseLink's JPQL bulk update also increments the @Version column, which
  // made every edit that had read the product before a flush fail with an OptimisticLockException
  // (seen in ConsistencyIT).
  private static final String ADD =
      "update product set views = coalesce(views, 0) + ?1 where id = ?2";

  @PersistenceContext EntityManager em;

  /** True when a batch (or part) of this id was written before. */
  @Transactional
  public boolean applied(String batchId) {
    return recorded(batchId);
  }

  /**
   * Adds a batch's (or a part's) views in one transaction, together with its {@link ViewBatch} row.
   * False, and nothing written, when it was applied before. Two flushers applying one batch at once
   * cannot both commit: the second insert of the batch's row fails.
   */
  @Transactional
  public boolean apply(ClaimedBatch batch) {
    if (recorded(batch.id())) {
      return false;
    }
    em.persist(new ViewBatch(batch.id(), batch.views(), Instant.now()));
    em.flush(); // the batch row first: a concurrent applier of the same batch fails before any
    // count
    batch.counts().forEach(this::add);
    return true;
  }

  /** Counts one view straight in the database: when Redis is away. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void countOne(long productId) {
    add(productId, 1);
  }

  /**
   * Counts views straight in the database, {@code views[i]} of {@code productIds[i]}: buffered
   * views, Redis away.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void addAll(java.util.List<Long> productIds, java.util.List<Long> views) {
    java.util.SortedMap<Long, Long> inIdOrder = new java.util.TreeMap<>();
    for (int i = 0; i < productIds.size(); i++) {
      inIdOrder.merge(productIds.get(i), views.get(i), Long::sum);
    }
    inIdOrder.forEach(this::add);
  }

  /**
   * Forgets applied batches older than {@code before}: long after any flusher could claim them
   * again.
   */
  @Transactional
  public int prune(Instant before) {
    return em.createQuery("delete from ViewBatch b where b.appliedAt < :before")
        .setParameter("before", before)
        .executeUpdate();
  }

  private boolean recorded(String batchId) {
    return em.find(ViewBatch.class, batchId) != null;
  }

  private void add(long productId, long views) {
    em.createNativeQuery(ADD).setParameter(1, views).setParameter(2, productId).executeUpdate();
  }
}
