package dev.granular.cache.tagit;

import dev.granular.catalog.products.control.ProductStore;
import dev.granular.catalog.products.entity.ProductInput;
import dev.granular.catalog.products.entity.ProductView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Writes inside a caller's transaction, for the rollback and read-your-write cases. */
@ApplicationScoped
public class ProductWrites {

  @Inject ProductStore store;

  /** Updates the product, then fails: the transaction rolls back. */
  @Transactional
  public void updateThenFail(long id, ProductInput input) {
    store.update(id, input);
    throw new IllegalStateException("rolled back on purpose");
  }

  /** Updates the product, then runs {@code beforeCommit} inside the same transaction. */
  @Transactional
  public void updateThen(long id, ProductInput input, Runnable beforeCommit) {
    store.update(id, input);
    beforeCommit.run();
  }

  /** Updates the product and reads it back inside the same transaction. */
  @Transactional
  public ProductView updateThenRead(long id, ProductInput input) {
    store.update(id, input);
    return store.find(id);
  }
}
