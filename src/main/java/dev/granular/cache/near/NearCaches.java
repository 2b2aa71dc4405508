package dev.granular.cache.near;

import dev.granular.cache.tag.EntryTags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The near caches of this instance ({@code cache.<name>.near=true}) and the rules that keep them no
 * staler than the invalidation messages' delivery lag:
 *
 * <ul>
 *   <li>A copy is only made of a value that was just read from (or stored to) Redis together with
 *       the versions of all its tags, including the entry's own, its cache's and {@code #all}; so
 *       every {@code @CachePut}, {@code @CacheRemove}, {@code @CacheRemoveAll}, tag invalidation
 *       and outage recovery reaches it.
 *   <li>A fill reads {@link #sequence()} before it reads Redis, and is refused if an invalidation
 *       of one of its tags (or a reset) arrived in between: the stale-set race of {@code TagGuard},
 *       one level up.
 *   <li>Every invalidation evicts the copies that depend on its tags; {@code #all} or a cache's tag
 *       clears.
 *   <li>While the {@link NearChannel} is not connected, nothing is stored, and losing it clears
 *       everything.
 * </ul>
 *
 * Stores and invalidations are serialized on this object (they are rare next to hits); hits never
 * lock.
 */
@ApplicationScoped
public class NearCaches {

  private static final Logger LOG = Logger.getLogger(NearCaches.class.getName());
  private static final int REMEMBERED_INVALIDATIONS = 4096;

  private final Map<String, Optional<NearCache>> caches = new ConcurrentHashMap<>();
  private final InvalidationLog log = new InvalidationLog(REMEMBERED_INVALIDATIONS);
  private final AtomicBoolean opened = new AtomicBoolean();
  private final List<Consumer<Collection<String>>> listeners = new CopyOnWriteArrayList<>();
  private Function<String, NearCacheSettings> settings;
  private Instance<NearChannel> channels;
  private NearChannel channel;
  private boolean connected;

  protected NearCaches() {
    this(NearCacheSettings::of, null);
  }

  @Inject
  public NearCaches(Instance<NearChannel> channels) {
    this(NearCacheSettings::of, null);
    this.channels = channels;
  }

  /**
   * Near caches with the given settings, fed by {@code channel} (opened on first use); for tests
   * and plain Java.
   */
  public NearCaches(Function<String, NearCacheSettings> settings, NearChannel channel) {
    this.settings = settings;
    this.channel = channel;
  }

  /**
   * The near cache of {@code cacheName}, or null when it has none. Cheap: one map lookup after the
   * first call.
   */
  public NearCache of(String cacheName) {
    Optional<NearCache> cache = caches.get(cacheName);
    if (cache == null) {
      cache = caches.computeIfAbsent(cacheName, this::create);
      if (cache.isPresent() && opened.compareAndSet(false, true)) {
        channel().open(this); // outside the map's lock: the channel may call back at once
      }
    }
    return cache.orElse(null);
  }

  /**
   * Tells {@code listener} of every invalidation heard from now on (this instance's own, and every
   * other's while the channel is connected), after the near caches dropped what it voided; opens
   * the channel if no near cache did. The listener runs on the thread that delivers the message: it
   * must return at once.
   */
  public void listen(Consumer<Collection<String>> listener) {
    listeners.add(listener);
    if (channel() != null && opened.compareAndSet(false, true)) {
      channel().open(this);
    }
  }

  private Optional<NearCache> create(String cacheName) {
    NearCacheSettings own = settings.apply(cacheName);
    if (!own.enabled()) {
      return Optional.empty();
    }
    if (channel() == null) {
      LOG.warning(() -> "No invalidation channel: near cache of " + cacheName + " stays off");
      return Optional.empty();
    }
    LOG.info(
        () -> "Near cache for " + cacheName + ": " + own.maxEntries() + " entries, " + own.ttl());
    return Optional.of(new NearCache(cacheName, own));
  }

  private NearChannel channel() {
    if (channel == null && channels != null && channels.isResolvable()) {
      channel = channels.get();
    }
    return channel;
  }

  /** The invalidation sequence to read before reading Redis for a fill. */
  public long sequence() {
    return log.sequence();
  }

  /**
   * Keeps a copy of {@code value}, which depends on {@code tags} (the keys of its versions) and may
   * be served for {@code lifetimeNanos} at most (what its Redis entry has left; {@link
   * Long#MAX_VALUE} when it never expires), unless the channel is down or an invalidation that may
   * concern it arrived after {@code since} was read.
   *
   * @return whether the copy was kept
   */
  public synchronized boolean offer(
      NearCache cache, Object key, Object value, Set<String> tags, long since, long lifetimeNanos) {
    if (!connected || !tags.contains(EntryTags.ALL) || log.touchedSince(since, tags)) {
      return false; // without #all, stale protection is off: removals and recoveries would not
      // reach the copy
    }
    return cache.put(key, value, tags, lifetimeNanos);
  }

  /** An invalidation of {@code tags}, from this instance or another. */
  public synchronized void invalidated(Collection<String> tags) {
    log.record(Set.copyOf(tags));
    caches.values().forEach(cache -> cache.ifPresent(near -> near.invalidate(tags)));
    listeners.forEach(listener -> listener.accept(tags));
  }

  /** The channel now receives every invalidation: copies may be kept again. */
  public synchronized void connected() {
    connectedIf(() -> true);
  }

  /**
   * Like {@link #connected()}, if {@code stillTrue} holds, checked under the same lock as
   * disconnections, so a disconnection reported while the channel was probing is never overridden.
   */
  public synchronized boolean connectedIf(java.util.function.BooleanSupplier stillTrue) {
    if (!stillTrue.getAsBoolean()) {
      return false;
    }
    reset();
    if (!connected) {
      LOG.info("Near caches connected to the invalidation channel");
    }
    connected = true;
    return true;
  }

  /** The channel may miss invalidations: drop every copy, keep none until it is connected again. */
  public synchronized void disconnected(String why) {
    reset();
    if (connected) {
      LOG.warning(() -> "Near caches cleared and paused: " + why);
    }
    connected = false;
  }

  public synchronized boolean isConnected() {
    return connected;
  }

  /** The near caches in use, by cache name. */
  public Map<String, NearCache> active() {
    Map<String, NearCache> active = new java.util.TreeMap<>();
    caches.forEach((name, cache) -> cache.ifPresent(near -> active.put(name, near)));
    return active;
  }

  private void reset() {
    log.reset();
    caches.values().forEach(cache -> cache.ifPresent(NearCache::clear));
  }
}
