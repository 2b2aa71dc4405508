package dev.granular.users.control;

import dev.granular.cache.tag.CacheTags;
import dev.granular.platform.Conflict;
import dev.granular.platform.DatabaseLatency;
import dev.granular.platform.NotFound;
import dev.granular.users.entity.User;
import dev.granular.users.entity.UserInput;
import dev.granular.users.entity.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

/**
 * Reads and writes users; a user is cached by id in {@code users}, removed after an update commits.
 */
@ApplicationScoped
@CacheDefaults(cacheName = "users")
public class UserStore {

  @PersistenceContext EntityManager em;
  @Inject DatabaseLatency database;

  /** The user, or null when there is none with this id. */
  @CacheResult
  @CacheTags("user:{id}")
  public UserView find(@CacheKey long id) {
    return database.read(
        () -> {
          User user = em.find(User.class, id);
          return user == null ? null : UserView.of(user);
        });
  }

  @Transactional
  public UserView create(UserInput input) {
    String email = normalized(input.email());
    requireUnusedEmail(email, null);
    User user = new User(input.name().strip(), email);
    em.persist(user);
    em.flush();
    return UserView.of(user);
  }

  /**
   * Updates the user if {@code precondition} accepts its current state, read with the row locked
   * (it throws to refuse; the transaction then rolls back and nothing changes).
   */
  @CacheRemove
  @Transactional
  public UserView update(
      @CacheKey long id, UserInput input, java.util.function.Consumer<UserView> precondition) {
    User user = em.find(User.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    if (user == null) {
      throw new NotFound("user", id);
    }
    precondition.accept(UserView.of(user));
    String email = normalized(input.email());
    requireUnusedEmail(email, id);
    user.update(input.name().strip(), email);
    em.flush();
    return UserView.of(user);
  }

  private void requireUnusedEmail(String email, Long owner) {
    boolean taken =
        em.createQuery("select u.id from User u where u.email = :email", Long.class)
            .setParameter("email", email)
            .getResultStream()
            .anyMatch(id -> !id.equals(owner));
    if (taken) {
      throw new Conflict("a user with e-mail " + email + " already exists");
    }
  }

  private static String normalized(String email) {
    return email.strip().toLowerCase(java.util.Locale.ROOT);
  }
}
