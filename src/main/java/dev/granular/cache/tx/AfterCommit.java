package dev.granular.cache.tx;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Runs work once the current JTA transaction has committed, and never when it rolls back. Outside a
 * transaction, or where the platform has no JTA (plain CDI), the work runs at once. Used for
 * evictions: an eviction done inside the transaction would let another request refill the old value
 * before the commit.
 */
public final class AfterCommit {

  private static final Logger LOG = Logger.getLogger(AfterCommit.class.getName());
  private static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";

  // The moment the transaction whose after-commit work runs on this thread committed: the start of
  // the invalidation lag that the statistics report.
  private static final ThreadLocal<Long> COMMITTED_AT = new ThreadLocal<>();

  private AfterCommit() {}

  /**
   * {@link System#nanoTime()} when the transaction whose after-commit work is running on this
   * thread committed; {@code fallback} outside such work.
   */
  public static long committedAtNanos(long fallback) {
    Long committed = COMMITTED_AT.get();
    return committed == null ? fallback : committed;
  }

  /** True when the calling thread runs inside an active JTA transaction. */
  public static boolean inTransaction() {
    return activeRegistry() != null;
  }

  /** Runs {@code work} after the current transaction commits, or now when there is none. */
  public static void run(Runnable work) {
    TransactionSynchronizationRegistry registry = activeRegistry();
    if (registry == null) {
      work.run();
      return;
    }
    registry.registerInterposedSynchronization(
        new Synchronization() {
          private long committedAt = System.nanoTime();

          @Override
          public void beforeCompletion() {
            // The database commit follows at once: the lag measured from here includes it, a slight
            // overestimate.
            committedAt = System.nanoTime();
          }

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              COMMITTED_AT.set(committedAt);
              try {
                runSafely(work);
              } finally {
                COMMITTED_AT.remove();
              }
            }
          }
        });
  }

  /**
   * Runs {@code work} once the current transaction has ended, committed or rolled back, or now when
   * there is none: for releasing what the transaction's after-commit work needed held. Registered
   * after other work of the same transaction, it runs after that work (synchronizations run in the
   * order they were registered).
   */
  public static void whenEnded(Runnable work) {
    TransactionSynchronizationRegistry registry = activeRegistry();
    if (registry == null) {
      work.run();
      return;
    }
    registry.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            runSafely(work);
          }
        });
  }

  /**
   * The set of pending work items of the current transaction under {@code key}, created on first
   * use together with one synchronization that hands the whole set to {@code onCommit} after
   * commit. Null outside a transaction.
   */
  @SuppressWarnings("unchecked")
  public static <T> java.util.Set<T> pending(
      Object key, java.util.function.Consumer<java.util.Set<T>> onCommit) {
    TransactionSynchronizationRegistry registry = activeRegistry();
    if (registry == null) {
      return null;
    }
    java.util.Set<T> pending = (java.util.Set<T>) registry.getResource(key);
    if (pending == null) {
      java.util.Set<T> created = new java.util.LinkedHashSet<>();
      registry.putResource(key, created);
      run(() -> onCommit.accept(created));
      pending = created;
    }
    return pending;
  }

  /** The pending set of the current transaction under {@code key}, if it has one. */
  @SuppressWarnings("unchecked")
  public static <T> java.util.Set<T> pendingIfAny(Object key) {
    TransactionSynchronizationRegistry registry = activeRegistry();
    if (registry == null) {
      return null;
    }
    return (java.util.Set<T>) registry.getResource(key);
  }

  private static void runSafely(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "After-commit cache work failed", e);
    }
  }

  // The registry is one object per server; looking it up on every call would cost a JNDI lookup
  // each time.
  private static volatile Object registry;

  /** The registry when the calling thread runs inside an active transaction; else null. */
  private static TransactionSynchronizationRegistry activeRegistry() {
    TransactionSynchronizationRegistry registry = registry();
    return registry != null && registry.getTransactionStatus() == Status.STATUS_ACTIVE
        ? registry
        : null;
  }

  private static TransactionSynchronizationRegistry registry() {
    Object known = registry;
    if (known == null) {
      known = lookup();
      registry = known;
    }
    return known instanceof TransactionSynchronizationRegistry r ? r : null;
  }

  private static Object lookup() {
    try {
      return new InitialContext().lookup(REGISTRY);
    } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
      return Boolean.FALSE; // no JTA here: remember it, so plain CDI pays for the lookup once
    }
  }
}
