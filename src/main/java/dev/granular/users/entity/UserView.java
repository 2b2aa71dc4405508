package dev.granular.users.entity;

import java.time.Instant;

/** A user as the API shows it and the cache stores it. */
public record UserView(long id, String name, String email, Instant createdAt, Instant updatedAt) {

  public static UserView of(User user) {
    return new UserView(
        user.getId(), user.getName(), user.getEmail(), user.getCreatedAt(), user.getUpdatedAt());
  }
}
