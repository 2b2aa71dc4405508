package dev.granular.cache.hot;

import dev.granular.cache.DaemonThreads;
import dev.granular.cache.stats.StatisticsSection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.InvocationContext;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.UserTransaction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Cached methods called again on a background thread, for the reloads no caller waits for: a hot
 * key voided by an invalidation ({@link RefreshAfterInvalidation}) and an entry close to its expiry
 * (refresh ahead, in the background).
 *
 * <ul>
 *   <li>The call goes through the bean's proxy and the {@code @CacheResult} interceptor, which sees
 *       why it runs ({@link #purpose()}) and reloads instead of serving: one loader across
 *       instances, under the entry's refill lock taken without waiting, and stored under the
 *       stale-set check of any load.
 *   <li>One read at a time per instance, on one daemon thread ({@code
 *       cache.background-reads.threads}, default 1), so a burst of due or voided keys does not turn
 *       into a burst of database reads; a read queued twice (the same identity) runs once. A
 *       refresh ahead is queued only while it can be expected to run well before its entry expires
 *       ({@link #submitBefore}).
 *   <li>In a container each read runs in the application's component context (the container's
 *       {@code ContextService}, captured on the application's thread that first queues or starts:
 *       JNDI, JPA) and in a transaction of its own, rolled back after the read.
 *   <li>Only beans that live as long as the application ({@code @ApplicationScoped},
 *       {@code @Singleton}) are called again: a request's bean is gone by then ({@link #of} is
 *       empty for the others, and the caller reloads as it would without the background).
 *   <li>Failures are counted per purpose and logged as a warning the first time per method (then at
 *       FINE): a read that fails costs the read, and the entry's next reader loads it.
 * </ul>
 */
@ApplicationScoped
public class BackgroundReads implements StatisticsSection {

  /** Why a background read runs; the interceptor serves it accordingly. */
  public enum Purpose {
    /**
     * A hot key voided by an invalidation: load it unless its entry is valid or its lock is held.
     */
    REFRESH_AFTER_INVALIDATION("refreshAfterInvalidation"),
    /**
     * An entry close to its expiry: reload it unless another caller renewed it or holds its lock.
     */
    REFRESH_AHEAD("refreshAhead");

    private final String label;

    Purpose(String label) {
      this.label = label;
    }

    /** The purpose's name in the statistics. */
    public String label() {
      return label;
    }
  }

  private static final ThreadLocal<Purpose> PURPOSE = new ThreadLocal<>();

  @Inject BeanManager beans;

  private final LongLivedBeans references = new LongLivedBeans();
  private final QueuedReads queue = new QueuedReads();
  private final ReadPace pace = new ReadPace();
  private volatile ThreadPoolExecutor worker;
  private Consumer<Runnable> runner = Runnable::run;

  /** Why the calling thread runs a background read, or null on any other thread. */
  public static Purpose purpose() {
    return PURPOSE.get();
  }

  /**
   * The call that {@code call} is, to be made again later (its bean's contextual reference, its
   * method, a copy of its arguments); empty when the bean does not outlive requests or is not
   * found.
   */
  public Optional<BackgroundRead> of(InvocationContext call) {
    Method method = call.getMethod();
    return references
        .of(beans, method, call)
        .map(bean -> new BackgroundRead(bean, method, call.getParameters().clone()));
  }

  /**
   * Starts the background thread, if not yet started. The first call must come from a thread of the
   * application (a caller of a cache), whose component context the reads then run in.
   */
  public void start() {
    if (worker == null) {
      startOnce();
    }
  }

  private synchronized void startOnce() {
    if (worker != null) {
      return;
    }
    runner = ContainerReadContext.inComponentContext(runner);
    int threads = BackgroundReadSettings.threads();
    worker =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            DaemonThreads.named("cache-background-reads"));
  }

  /**
   * Queues {@code read} for {@code purpose}, once while {@code identity} is queued (a read queued
   * again before it ran runs once). False when it cannot be queued: not {@linkplain #start
   * started}, or shutting down.
   */
  public boolean submit(Purpose purpose, Object identity, BackgroundRead read) {
    return submit(purpose, identity, read, Integer.MAX_VALUE);
  }

  /**
   * As {@link #submit(Purpose, Object, BackgroundRead)}, but only while the read can be expected to
   * end well within {@code nanosLeft} (the time its entry has left): the reads waiting ahead of it,
   * the ones running and its own, at the mean time a read has taken so far, must fit in half of it.
   * Before any read has ended, only while fewer reads wait than there are threads. False when the
   * background is behind: the caller had better read itself (as refresh ahead then does on the
   * caller that found the entry due), so a due entry never expires waiting in the queue, while a
   * burst of entries falling due together (loaded together) is still absorbed when there is time
   * for it.
   */
  public boolean submitBefore(
      Purpose purpose, Object identity, BackgroundRead read, long nanosLeft) {
    ThreadPoolExecutor running = worker;
    if (running == null) {
      return false;
    }
    return submit(
        running, purpose, identity, read, pace.maxWaiting(nanosLeft, running.getMaximumPoolSize()));
  }

  private boolean submit(Purpose purpose, Object identity, BackgroundRead read, int maxWaiting) {
    ThreadPoolExecutor running = worker;
    return running != null && submit(running, purpose, identity, read, maxWaiting);
  }

  private boolean submit(
      ThreadPoolExecutor running,
      Purpose purpose,
      Object identity,
      BackgroundRead read,
      int maxWaiting) {
    if (!queue.add(identity, purpose)) {
      return true;
    }
    if (running.getQueue().size() >= maxWaiting) {
      queue.refusedWhileBehind(identity);
      return false;
    }
    try {
      running.execute(() -> runner.accept(() -> run(purpose, identity, read)));
      return true;
    } catch (RuntimeException rejected) { // shutting down
      queue.remove(identity);
      return false;
    }
  }

  private void run(Purpose purpose, Object identity, BackgroundRead read) {
    queue.remove(identity); // queued again from now on, it runs again
    PURPOSE.set(purpose);
    long started = System.nanoTime();
    UserTransaction transaction = ContainerReadContext.transaction();
    try {
      if (transaction != null) {
        transaction.begin();
      }
      read.call();
      queue.done(purpose);
    } catch (InvocationTargetException e) {
      queue.failed(purpose, read, e.getCause());
    } catch (Exception e) {
      queue.failed(purpose, read, e);
    } finally {
      PURPOSE.remove();
      ContainerReadContext.end(transaction);
      pace.took(System.nanoTime() - started);
    }
  }

  /** The reads queued for {@code purpose}, not yet running. */
  public int queued(Purpose purpose) {
    return queue.queued(purpose);
  }

  /** The reads for {@code purpose} that threw. */
  public long failures(Purpose purpose) {
    return queue.failures(purpose);
  }

  /** The last read for {@code purpose} that threw, and why, or null. */
  public String lastFailure(Purpose purpose) {
    return queue.lastFailure(purpose);
  }

  @Override
  public String name() {
    return "backgroundReads";
  }

  /**
   * Per purpose, the reads queued, done and failed on this instance, and the last failure; the
   * threads, and how many reads were left to their callers because the background was behind.
   */
  @Override
  public JsonObject statistics() {
    return queue.statistics(threads());
  }

  /**
   * Adds to {@code into} the reads {@code queued} for {@code purpose}, their {@code failures} and
   * the {@code lastFailure}.
   */
  public JsonObjectBuilder addReads(Purpose purpose, JsonObjectBuilder into) {
    return queue.addReads(purpose, into);
  }

  private int threads() {
    ThreadPoolExecutor running = worker;
    return running == null ? 0 : running.getMaximumPoolSize();
  }

  @PreDestroy
  synchronized void stop() {
    if (worker != null) {
      worker.shutdownNow();
    }
  }
}
