package dev.granular.cache.hot;

import dev.granular.cache.DaemonThreads;
import dev.granular.cache.near.NearCaches;
import dev.granular.cache.stats.StatisticsSection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import jakarta.interceptor.InvocationContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Refresh after invalidation ({@code cache.<name>.refresh-after-invalidation}, {@link HotKeySettings}): each instance
 * remembers the keys of the cache it served lately ({@link HotKeys}) and, when an invalidation from any instance
 * voids one of them, reads it again in the background, so the next caller finds it cached instead of waiting for a
 * load.
 *
 * <ul>
 *   <li>The read goes through the bean's proxy and the {@code @CacheResult} interceptor, which sees it as a reload
 *       ({@link #reloading()}): it looks the entry up, and only if it is still void takes the entry's refill lock
 *       without waiting, looks again and loads. So across instances that all heard the invalidation one loads; a
 *       reader that missed first, or a writer storing its new value (write-through), keeps the lock and nobody
 *       reloads behind it.
 *   <li>Nothing stale: the invalidation is heard after its versions are written (after the writing transaction
 *       committed), and the reload is stored under the same stale-set check as any load.
 *   <li>One reload at a time per instance, on one background thread, so a burst of invalidations does not turn into
 *       a burst of database reads; a key queued twice is read once. In a container each reload runs in the
 *       application's component context (the container's {@code ContextService}: JNDI, JPA) and in a transaction of
 *       its own, rolled back after the read.
 *   <li>Seen in {@code GET /api/cache/stats} ({@link #statistics()}): the hot keys per cache, the reloads queued and
 *       failed; a failed reload is logged as a warning the first time per method, and its next reader loads it.
 *   <li>Only beans that live as long as the application ({@code @ApplicationScoped}, {@code @Singleton}) are read
 *       again: a request's bean is gone by then.
 * </ul>
 */
@ApplicationScoped
public class RefreshAfterInvalidation implements StatisticsSection {

  private static final Logger LOG = Logger.getLogger(RefreshAfterInvalidation.class.getName());
  private static final ThreadLocal<Boolean> RELOADING = new ThreadLocal<>();

  @Inject BeanManager beans;
  @Inject NearCaches invalidations;

  private final Map<String, Optional<HotKeys>> caches = new ConcurrentHashMap<>();
  private final Map<Method, Optional<Object>> references = new ConcurrentHashMap<>();
  private final Set<HotKey> queued = ConcurrentHashMap.newKeySet();
  private ThreadPoolExecutor worker;
  private Consumer<HotKey> reader = this::readAgain;
  private final LongAdder failures = new LongAdder();
  private final Set<Method> failedBefore = ConcurrentHashMap.newKeySet();
  private volatile String lastFailure;

  /** True on the thread that reads a hot key again: the interceptor reloads instead of serving. */
  public static boolean reloading() {
    return RELOADING.get() != null;
  }

  /**
   * The hot keys of {@code cacheName}, or null when it does not refresh after invalidation. Cheap after the first
   * call; the first one (on a caller of the cache, which has the application's context) starts the background thread.
   */
  public HotKeys of(String cacheName) {
    Optional<HotKeys> hot = caches.get(cacheName);
    if (hot == null) {
      hot = caches.computeIfAbsent(cacheName, this::create);
      if (hot.isPresent()) {
        start();
      }
    }
    return hot.orElse(null);
  }

  private Optional<HotKeys> create(String cacheName) {
    HotKeySettings settings = HotKeySettings.of(cacheName);
    if (!settings.enabled()) {
      return Optional.empty();
    }
    LOG.info(() -> "Refresh after invalidation for " + cacheName + ": up to " + settings.maxKeys()
        + " keys served within " + settings.window());
    return Optional.of(new HotKeys(settings));
  }

  private synchronized void start() {
    if (worker != null) {
      return;
    }
    reader = inComponentContext(reader);
    worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            DaemonThreads.named("cache-refresh-after-invalidation"));
    invalidations.listen(this::invalidated);
  }

  /**
   * A hit on {@code key} of the cache whose hot keys are {@code hot}; its entry depends on {@code tags}. The call is
   * remembered (bean, method, a copy of the arguments) the first time within the window, and retagged when the
   * entry's tags changed since.
   */
  public void served(HotKeys hot, Object key, List<String> tags, InvocationContext call) {
    HotKey known = hot.read(key);
    if (known != null) {
      if (!known.tags().equals(tags)) {
        hot.replace(known, known.withTags(List.copyOf(tags)));
      }
      return;
    }
    if (tags.isEmpty()) {
      return; // no invalidation could void it
    }
    Method method = call.getMethod();
    Optional<Object> bean = references.computeIfAbsent(method, m -> reference(m, call.getTarget()));
    bean.ifPresent(
        reference ->
            hot.add(new HotKey(key, List.copyOf(tags), reference, method, call.getParameters().clone())));
  }

  /** A near hit on {@code key}: it stays hot. */
  public void servedNear(HotKeys hot, Object key) {
    hot.read(key);
  }

  /** An invalidation of {@code tags}, from this instance or another: queues the hot keys it voided. */
  void invalidated(Collection<String> tags) {
    ThreadPoolExecutor running = worker;
    if (running == null) {
      return;
    }
    for (Optional<HotKeys> cache : caches.values()) {
      if (cache.isEmpty()) {
        continue;
      }
      for (HotKey hot : cache.get().dependingOn(tags)) {
        if (queued.add(hot)) {
          try {
            running.execute(() -> reader.accept(hot));
          } catch (RuntimeException rejected) { // shutting down
            queued.remove(hot);
          }
        }
      }
    }
  }

  private void readAgain(HotKey hot) {
    queued.remove(hot); // an invalidation heard from now on queues it again
    RELOADING.set(Boolean.TRUE);
    UserTransaction transaction = transaction();
    try {
      if (transaction != null) {
        transaction.begin();
      }
      hot.readAgain();
    } catch (InvocationTargetException e) {
      failed(hot, e.getCause());
    } catch (Exception e) {
      failed(hot, e);
    } finally {
      RELOADING.remove();
      end(transaction);
    }
  }

  // Counted and shown in the statistics; logged as a warning the first time per method, then at FINE: a reload that
  // fails costs nothing but the reload (the next reader loads), and the same cause would fill the log.
  private void failed(HotKey hot, Throwable cause) {
    failures.increment();
    lastFailure = hot + ": " + cause;
    Level level = failedBefore.add(hot.method()) ? Level.WARNING : Level.FINE;
    LOG.log(level, cause, () -> "Refresh after invalidation of " + hot + " failed; its next reader loads it");
  }

  @Override
  public String name() {
    return "refreshAfterInvalidation";
  }

  /** Per cache that refreshes after invalidation, its hot keys on this instance; the reloads queued and failed. */
  @Override
  public JsonObject statistics() {
    JsonObjectBuilder perCache = Json.createObjectBuilder();
    new TreeMap<>(caches).forEach(
        (name, hot) ->
            hot.ifPresent(keys -> perCache.add(name, Json.createObjectBuilder().add("hotKeys", keys.size()))));
    JsonObjectBuilder all =
        Json.createObjectBuilder()
            .add("caches", perCache)
            .add("queued", queued.size())
            .add("failures", failures.sum());
    String last = lastFailure;
    return (last == null ? all.addNull("lastFailure") : all.add("lastFailure", last)).build();
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
      LOG.log(Level.FINE, e, () -> "Refresh after invalidation: the read's transaction did not end cleanly");
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
        LOG.info(() -> "Refresh after invalidation: no single bean of " + type.getName() + " found; "
            + method.getName() + " is not read again");
        return Optional.empty();
      }
      Bean<?> bean = own.get(0);
      if (bean.getScope() != ApplicationScoped.class && bean.getScope() != Singleton.class) {
        LOG.info(() -> "Refresh after invalidation: " + type.getName() + " is @" + bean.getScope().getSimpleName()
            + ", not @ApplicationScoped or @Singleton; " + method.getName() + " is not read again");
        return Optional.empty();
      }
      method.setAccessible(true);
      return Optional.of(beans.getReference(bean, type, beans.createCreationalContext(bean)));
    } catch (RuntimeException e) {
      LOG.log(Level.INFO, e, () -> "Refresh after invalidation: " + method + " is not read again");
      return Optional.empty();
    }
  }

  /**
   * {@code read} run in the application component's context, captured now (on a thread of the application), so the
   * background thread can look up the container's {@code UserTransaction} and use the application's persistence
   * units. That context alone does not give each read a fresh JPA {@code EntityManager}: reloads after the first
   * failed with a closed one until each read ran in a transaction of its own ({@link #transaction()}); the same
   * happened on a thread of the container's managed thread factory. Outside a container (plain CDI) the read runs as
   * it is.
   */
  @SuppressWarnings("unchecked")
  private static Consumer<HotKey> inComponentContext(Consumer<HotKey> read) {
    try {
      ContextService context = (ContextService) new InitialContext().lookup("java:comp/DefaultContextService");
      return context.createContextualProxy(read, Consumer.class);
    } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
      return read;
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (worker != null) {
      worker.shutdownNow();
    }
  }
}
