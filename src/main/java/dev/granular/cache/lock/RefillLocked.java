package dev.granular.cache.lock;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Overrides the refill lock of one {@code @CacheResult} method. On a miss, one caller per key (on
 * any instance) runs the method while the others wait up to {@link #waitMillis} for its result; a
 * waiter whose wait runs out runs the method itself and returns its result without caching it.
 * Without this annotation the cache's configuration applies ({@link RefillLockSettings}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RefillLocked {

  /** False turns the lock off for this method. */
  boolean enabled() default true;

  /**
   * The longest wait for another caller's load, in milliseconds; negative keeps the configured
   * wait.
   */
  long waitMillis() default -1;

  /**
   * How long the lock outlives a holder that died, in milliseconds; 0 keeps the configured lease.
   */
  long leaseMillis() default 0;
}
