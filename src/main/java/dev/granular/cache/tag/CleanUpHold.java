package dev.granular.cache.tag;

/**
 * A hold on the background clean-up of invalidated entries ({@link RedisTagRegistry#holdCleanUps});
 * closing it lets the clean-ups queued meanwhile run. Closing it again does nothing.
 */
@FunctionalInterface
public interface CleanUpHold extends AutoCloseable {

  /** Releases the hold. */
  @Override
  void close();
}
