package dev.granular.catalog.categories.entity;

import dev.granular.cache.tag.TagInvalidations;
import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/** Records that a category changed: its tag is invalidated after commit. */
public class CategoryChanges {

  @Inject TagInvalidations invalidations;

  @PostPersist
  @PostUpdate
  @PostRemove
  void changed(Category category) {
    invalidations.afterCommit("category:" + category.getId());
  }
}
