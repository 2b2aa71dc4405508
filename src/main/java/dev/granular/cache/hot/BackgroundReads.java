package dev.granular.cache.hot;

import dev.granular.cache.DaemonThreads;
import dev.granular.cache.config.Settings;
import dev.granular.cache.stats.StatisticsSection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.InvocationContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Cached methods called again on a background thread, for the reloads no caller waits for: a hot key voided by an
 * invalidation ({@link RefreshAfterInvalidation}) and an entry close to its expiry (refresh ahead, in the background).
 *
 * <ul>
 *   <li>The call goes through the bean's proxy and the {@code @CacheResult} interceptor, which sees why it runs
 *       ({@link #purpose()}) and reloads instead of serving: one loader across instances, under the entry's refill
 *       lock taken without waiting, and stored under the stale-set check of any load.
 *   <li>One read at a time per instance, on one daemon thread ({@code cache.background-reads.threads}, default 1), so
 *       a burst of due or voided keys does not turn into a burst of database reads; a read queued twice (the same
 *       identity) runs once. A refresh ahead is queued only while it can be expected to run well before its entry
 *       expires ({@link #submitBefore}).
 *   <li>In a container each read runs in the application's component context (the container's
 *       {@code ContextService}, captured on the application's thread that first queues or starts: JNDI, JPA) and in
 *       a transaction of its own, rolled back after the read.
 *   <li>Only beans that live as long as the application ({@code @ApplicationScoped}, {@code @Singleton}) are called
 *       again: a request's bean is gone by then ({@link #of} is empty for the others, and the caller reloads as it
 *       would without the background).
 *   <li>Failures are counted per purpose and logged as a warning the first time per method (then at FINE): a read
 *       that fails costs the read, and the entry's next reader loads it.
 * </ul>
 */
@ApplicationScoped
public class BackgroundReads implements StatisticsSection {

  /** Why a background read runs; the interceptor serves it accordingly. */
  public enum Purpose {
    /** A hot key voided by an invalidation: load it unless its entry is valid or its lock is held. */
    REFRESH_AFTER_INVALIDATION("refreshAfterInvalidation"),
    /** An entry close to its expiry: reload it unless another caller renewed it or holds its lock. */
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

  private static final Logger LOG = Logger.getLogger(BackgroundReads.class.getName());
  private static final ThreadLocal<Purpose> PURPOSE = new ThreadLocal<>();

  @Inject BeanManager beans;

  private final Map<Method, Optional<Object>> references = new ConcurrentHashMap<>();
  private final Map<Object, Purpose> queued = new ConcurrentHashMap<>();
  private final Map<Purpose, LongAdder> done = counters();
  private final Map<Purpose, LongAdder> failures = counters();
  private final LongAdder behind = new LongAdder();
  // The mean time a read takes (nanoseconds, weighted toward the latest; 0 until one has ended).
  private final AtomicLong meanReadNanos = new AtomicLong();
  private final Map<Purpose, String> lastFailure = new ConcurrentHashMap<>();
  private final Set<Method> failedBefore = ConcurrentHashMap.newKeySet();
  private volatile ThreadPoolExecutor worker;
  private Consumer<Runnable> runner = Runnable::run;

  /** Why the calling thread runs a background read, or null on any other thread. */
  public static Purpose purpose() {
    return PURPOSE.get();
  }

  /**
   * The call that {@code call} is, to be made again later (its bean's contextual reference, its method, a copy of its
   * arguments); empty when the bean does not outlive requests or is not found.
   */
  public Optional<BackgroundRead> of(InvocationContext call) {
    Method method = call.getMethod();
    return references
        .computeIfAbsent(method, m -> reference(m, call.getTarget()))
        .map(bean -> new BackgroundRead(bean, method, call.getParameters().clone()));
  }

  /**
   * Starts the background thread, if not yet started. The first call must come from a thread of the application
   * (a caller of a cache), whose component context the reads then run in.
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
    runner = inComponentContext(runner);
    int threads = (int) Math.max(1, Math.min(64, Settings.getLong("cache.background-reads.threads", 1)));
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
   * Queues {@code read} for {@code purpose}, once while {@code identity} is queued (a read queued again before it
   * ran runs once). False when it cannot be queued: not {@linkplain #start started}, or shutting down.
   */
  public boolean submit(Purpose purpose, Object identity, BackgroundRead read) {
    return submit(purpose, identity, read, Integer.MAX_VALUE);
  }

  /**
   * As {@link #submit(Purpose, Object, BackgroundRead)}, but only while the read can be expected to end well within
   * {@code nanosLeft} (the time its entry has left): the reads waiting ahead of it, the ones running and its own, at
   * the mean time a read has taken so far, must fit in half of it. Before any read has ended, only while fewer reads
   * wait than there are threads. False when the background is behind: the caller had better read itself (as refresh
   * ahead then does on the caller that found the entry due), so a due entry never expires waiting in the queue,
   * while a burst of entries falling due together (loaded together) is still absorbed when there is time for it.
   */
  public boolean submitBefore(Purpose purpose, Object identity, BackgroundRead read, long nanosLeft) {
    ThreadPoolExecutor running = worker;
    if (running == null) {
      return false;
    }
    int threads = running.getMaximumPoolSize();
    long mean = meanReadNanos.get();
    return submit(running, purpose, identity, read, mean == 0 ? threads : waitingWithin(nanosLeft / 2, mean, threads));
  }

  /**
   * How many reads may wait while a new one still ends within {@code nanos}: it waits for the ones ahead, split over
   * the threads, and for a running one (at worst just begun), then runs itself.
   */
  static int waitingWithin(long nanos, long meanReadNanos, int threads) {
    double rounds = (double) nanos / meanReadNanos - 2; // the running read's and its own
    return rounds < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.floor(rounds) * threads + 1);
  }

  private boolean submit(Purpose purpose, Object identity, BackgroundRead read, int maxWaiting) {
    ThreadPoolExecutor running = worker;
    return running != null && submit(running, purpose, identity, read, maxWaiting);
  }

  private boolean submit(
      ThreadPoolExecutor running, Purpose purpose, Object identity, BackgroundRead read, int maxWaiting) {
    if (queued.putIfAbsent(identity, purpose) != null) {
      return true;
    }
    if (running.getQueue().size() >= maxWaiting) {
      queued.remove(identity);
      behind.increment();
      return false;
    }
    try {
      running.execute(() -> runner.accept(() -> run(purpose, identity, read)));
      return true;
    } catch (RuntimeException rejected) { // shutting down
      queued.remove(identity);
      return false;
    }
  }

  private void run(Purpose purpose, Object identity, BackgroundRead read) {
    queued.remove(identity); // queued again from now on, it runs again
    PURPOSE.set(purpose);
    long started = System.nanoTime();
    UserTransaction transaction = transaction();
    try {
      if (transaction != null) {
        transaction.begin();
      }
      read.call();
      done.get(purpose).increment();
    } catch (InvocationTargetException e) {
      failed(purpose, read, e.getCause());
    } catch (Exception e) {
      failed(purpose, read, e);
    } finally {
      PURPOSE.remove();
      end(transaction);
      took(System.nanoTime() - started);
    }
  }

  private void took(long nanos) {
    long read = Math.max(1, nanos);
    meanReadNanos.updateAndGet(mean -> mean == 0 ? read : mean + (read - mean) / 8);
  }

  private void failed(Purpose purpose, BackgroundRead read, Throwable cause) {
    failures.get(purpose).increment();
    lastFailure.put(purpose, read + ": " + cause);
    Level level = failedBefore.add(read.method()) ? Level.WARNING : Level.FINE;
    LOG.log(level, cause, () -> "Background read (" + purpose.label() + ") of " + read + " failed; the entry's next "
        + "reader loads it");
  }

  /** The reads queued for {@code purpose}, not yet running. */
  public int queued(Purpose purpose) {
    return (int) queued.values().stream().filter(purpose::equals).count();
  }

  /** The reads for {@code purpose} that threw. */
  public long failures(Purpose purpose) {
    return failures.get(purpose).sum();
  }

  /** The last read for {@code purpose} that threw, and why, or null. */
  public String lastFailure(Purpose purpose) {
    return lastFailure.get(purpose);
  }

  @Override
  public String name() {
    return "backgroundReads";
  }

  /**
   * Per purpose, the reads queued, done and failed on this instance, and the last failure; the threads, and how many
   * reads were left to their callers because the background was behind.
   */
  @Override
  public JsonObject statistics() {
    JsonObjectBuilder all = Json.createObjectBuilder();
    for (Purpose purpose : Purpose.values()) {
      all.add(purpose.label(), addReads(purpose, Json.createObjectBuilder()).add("done", done.get(purpose).sum()));
    }
    return all.add("threads", threads()).add("refusedWhileBehind", behind.sum()).build();
  }

  /**
   * Adds to {@code into} the reads {@code queued} for {@code purpose}, their {@code failures} and the
   * {@code lastFailure}.
   */
  public JsonObjectBuilder addReads(Purpose purpose, JsonObjectBuilder into) {
    into.add("queued", queued(purpose)).add("failures", failures(purpose));
    String last = lastFailure(purpose);
    return last == null ? into.addNull("lastFailure") : into.add("lastFailure", last);
  }

  private int threads() {
    ThreadPoolExecutor running = worker;
    return running == null ? 0 : running.getMaximumPoolSize();
  }

  private static Map<Purpose, LongAdder> counters() {
    Map<Purpose, LongAdder> counters = new EnumMap<>(Purpose.class);
    for (Purpose purpose : Purpose.values()) {
      counters.put(purpose, new LongAdder());
    }
    return counters;
  }

  /**
   * The container's transaction for one read, or null outside a container. A read inside a transaction gets a JPA
   * {@code EntityManager} of its own, closed with it; without one, Payara keeps a non-transactional one per
   * component context, and the context this thread runs in (captured once) would hand every read the one it closed
   * after the first. Nothing is written, so the transaction is rolled back.
   */
  private static UserTransaction transaction() {
    try {
      return (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
    } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
      return null;
    }
  }

  private static void end(UserTransaction transaction) {
    if (transaction == null) {
      return;
    }
    try {
      if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
        transaction.rollback();
      }
    } catch (Exception e) {
      LOG.log(Level.FINE, e, () -> "Background read: its transaction did not end cleanly");
    }
  }

  /** The contextual reference of the bean that {@code target} is an instance of, if it outlives requests. */
  private Optional<Object> reference(Method method, Object target) {
    try {
      Class<?> type = method.getDeclaringClass();
      List<Bean<?>> own =
          beans.getBeans(type, Any.Literal.INSTANCE).stream()
              .filter(bean -> bean.getBeanClass().isInstance(target))
              .toList();
      if (own.size() != 1) {
        LOG.info(() -> "Background reads: no single bean of " + type.getName() + " found; " + method.getName()
            + " is not called again in the background");
        return Optional.empty();
      }
      Bean<?> bean = own.get(0);
      if (bean.getScope() != ApplicationScoped.class && bean.getScope() != Singleton.class) {
        LOG.info(() -> "Background reads: " + type.getName() + " is @" + bean.getScope().getSimpleName()
            + ", not @ApplicationScoped or @Singleton; " + method.getName() + " is not called again in the "
            + "background");
        return Optional.empty();
      }
      method.setAccessible(true);
      return Optional.of(beans.getReference(bean, type, beans.createCreationalContext(bean)));
    } catch (RuntimeException e) {
      LOG.log(Level.INFO, e, () -> "Background reads: " + method + " is not called again in the background");
      return Optional.empty();
    }
  }

  /**
   * {@code run} in the application component's context, captured now (on a thread of the application), so the
   * background thread can look up the container's {@code UserTransaction} and use the application's persistence
   * units. That context alone does not give each read a fresh JPA {@code EntityManager}: reads after the first
   * failed with a closed one until each ran in a transaction of its own ({@link #transaction()}); the same happened
   * on a thread of the container's managed thread factory. Outside a container (plain CDI) the read runs as it is.
   */
  @SuppressWarnings("unchecked")
  private static Consumer<Runnable> inComponentContext(Consumer<Runnable> run) {
    try {
      ContextService context = (ContextService) new InitialContext().lookup("java:comp/DefaultContextService");
      return context.createContextualProxy(run, Consumer.class);
    } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
      return run;
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (worker != null) {
      worker.shutdownNow();
    }
  }
}
