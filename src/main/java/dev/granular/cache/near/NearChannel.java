package dev.granular.cache.near;

/**
 * Carries invalidations to the near caches of every instance. An implementation delivers each
 * invalidation to {@link NearCaches#invalidated}, calls {@link NearCaches#connected()} once it is
 * sure to receive every later one, and {@link NearCaches#disconnected(String)} as soon as it may
 * miss one (subscription or connection lost, Redis unavailable). Near caches stay empty while it is
 * disconnected.
 */
public interface NearChannel {

  /** Starts delivering to {@code caches}; called once, when the first near cache is used. */
  void open(NearCaches caches);
}
