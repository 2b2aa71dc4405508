package dev.granular.catalog.products.entity;

import dev.granular.cache.tag.TagInvalidations;
import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Records which cache tags a product change affects: the product's own tag and its category's, and
 * on a move both the old and the new category's. The library invalidates them once the transaction
 * commits, never on rollback.
 */
public class ProductChanges {

  @Inject TagInvalidations invalidations;

  @PostPersist
  @PostRemove
  void createdOrRemoved(Product product) {
    invalidations.afterCommit("product:" + product.getId(), "category:" + product.getCategoryId());
  }

  @PostUpdate
  void updated(Product product) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add("product:" + product.getId());
    tags.add("category:" + product.getCategoryId());
    if (product.getLoadedCategoryId() != null) {
      tags.add("category:" + product.getLoadedCategoryId());
    }
    invalidations.afterCommit(tags);
  }
}
