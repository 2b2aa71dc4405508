package dev.granular.cache.hot;

import dev.granular.cache.hot.BackgroundReads.Purpose;
import dev.granular.cache.near.NearCaches;
import dev.granular.cache.stats.StatisticsSection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.interceptor.InvocationContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Refresh after invalidation ({@code cache.<name>.refresh-after-invalidation}, {@link
 * HotKeySettings}): each instance remembers the keys of the cache it served lately ({@link
 * HotKeys}) and, when an invalidation from any instance voids one of them, reads it again in the
 * background ({@link BackgroundReads}), so the next caller finds it cached instead of waiting for a
 * load.
 *
 * <ul>
 *   <li>The read goes through the bean's proxy and the {@code @CacheResult} interceptor, which sees
 *       it as a reload ({@link BackgroundReads#purpose()}): it looks the entry up, and only if it
 *       is still void takes the entry's refill lock without waiting, looks again and loads. So
 *       across instances that all heard the invalidation one loads; a reader that missed first, or
 *       a writer storing its new value (write-through), keeps the lock and nobody reloads behind
 *       it.
 *   <li>Nothing stale: the invalidation is heard after its versions are written (after the writing
 *       transaction committed), and the reload is stored under the same stale-set check as any
 *       load.
 *   <li>One background read at a time per instance; a key queued twice is read once.
 *   <li>Seen in {@code GET /api/cache/stats} ({@link #statistics()}): the hot keys per cache, the
 *       reloads queued and failed; a failed reload is logged as a warning the first time per
 *       method, and its next reader loads it.
 *   <li>Only beans that live as long as the application ({@code @ApplicationScoped},
 *       {@code @Singleton}) are read again: a request's bean is gone by then.
 * </ul>
 */
@ApplicationScoped
public class RefreshAfterInvalidation implements StatisticsSection {

  private static final Logger LOG = Logger.getLogger(RefreshAfterInvalidation.class.getName());

  @Inject NearCaches invalidations;
  @Inject BackgroundReads background;

  private final Map<String, Optional<HotKeys>> caches = new ConcurrentHashMap<>();
  private volatile boolean listening;

  /**
   * The hot keys of {@code cacheName}, or null when it does not refresh after invalidation. Cheap
   * after the first call; the first one (on a caller of the cache, which has the application's
   * context) starts the background reads and the listening to invalidations.
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
    LOG.info(
        () ->
            "Refresh after invalidation for "
                + cacheName
                + ": up to "
                + settings.maxKeys()
                + " keys served within "
                + settings.window());
    return Optional.of(new HotKeys(settings));
  }

  private synchronized void start() {
    if (listening) {
      return;
    }
    background.start();
    invalidations.listen(this::invalidated);
    listening = true;
  }

  /**
   * A hit on {@code key} of the cache whose hot keys are {@code hot}; its entry depends on {@code
   * tags}. The call is remembered (bean, method, a copy of the arguments) the first time within the
   * window, and retagged when the entry's tags changed since.
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
    background.of(call).ifPresent(read -> hot.add(new HotKey(key, List.copyOf(tags), read)));
  }

  /** A near hit on {@code key}: it stays hot. */
  public void servedNear(HotKeys hot, Object key) {
    hot.read(key);
  }

  /**
   * An invalidation of {@code tags}, from this instance or another: queues the hot keys it voided.
   */
  void invalidated(Collection<String> tags) {
    if (!listening) {
      return;
    }
    for (Optional<HotKeys> cache : caches.values()) {
      if (cache.isEmpty()) {
        continue;
      }
      for (HotKey hot : cache.get().dependingOn(tags)) {
        background.submit(Purpose.REFRESH_AFTER_INVALIDATION, hot, hot.read());
      }
    }
  }

  @Override
  public String name() {
    return "refreshAfterInvalidation";
  }

  /**
   * Per cache that refreshes after invalidation, its hot keys on this instance; the reloads queued
   * and failed.
   */
  @Override
  public JsonObject statistics() {
    JsonObjectBuilder perCache = Json.createObjectBuilder();
    new TreeMap<>(caches)
        .forEach(
            (name, hot) ->
                hot.ifPresent(
                    keys ->
                        perCache.add(
                            name, Json.createObjectBuilder().add("hotKeys", keys.size()))));
    JsonObjectBuilder all = Json.createObjectBuilder().add("caches", perCache);
    return background.addReads(Purpose.REFRESH_AFTER_INVALIDATION, all).build();
  }
}
