package dev.granular.users.entity;

import dev.granular.cache.tag.TagInvalidations;
import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/** Records that a user changed: its tag is invalidated after commit. */
public class UserChanges {

  @Inject TagInvalidations invalidations;

  @PostPersist
  @PostUpdate
  @PostRemove
  void changed(User user) {
    invalidations.afterCommit("user:" + user.getId());
  }
}
