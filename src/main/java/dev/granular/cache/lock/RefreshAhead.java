package dev.granular.cache.lock;

import dev.granular.cache.config.CacheSettings;
import dev.granular.cache.config.Settings;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Refresh ahead of expiry, per cache: {@code cache.<name>.refresh-ahead} (default {@code
 * cache.default.refresh-ahead}, 0: off), a duration shorter than the cache's TTL (half the TTL is
 * used otherwise). A hit on an entry with no more than that left of its TTL reloads the entry,
 * while every caller, on this instance or another, is still served the cached one: in the
 * background with {@code cache.<name>.refresh-ahead.in-background=true} (default false; for beans
 * that live as long as the application), else on the caller that found it due, which gets the fresh
 * value. The entry's refill lock, taken without waiting, lets one caller across all instances
 * reload it, and each instance makes at most one attempt per entry per {@link #retryNanos} (a
 * second, or half the window if that is shorter), so the hits inside the window do not each pay a
 * lock attempt. A hot entry is renewed before it expires and never misses on expiry; an entry
 * nobody reads near its end expires as before, and so does a remembered {@code null} (its negative
 * TTL is short on purpose).
 *
 * <p>It only changes when a value is reloaded, never what is served: the cached value it serves
 * meanwhile is as valid as any hit (its tags are current), and the reload is stored under the same
 * stale-set check as a miss's load. It needs the entry's expiry time, which the hit reads along
 * with the entry (on a single server or under Sentinel in its one script; on a Redis Cluster by a
 * script of the entry's slot, in flight together with the versions). Under {@code expiry=modified}
 * (the default) or {@code created} a reload starts a new lifetime (under {@code created} too: the
 * value is new, even though a plain put there keeps an entry's first expiry time). Under {@code
 * expiry=accessed} (every read pushes the expiry back, so a read entry never comes close to it) or
 * {@code eternal} the setting has no effect, and says so in the log.
 */
public final class RefreshAhead {

  /** Refresh-ahead turned off. */
  public static final RefreshAhead OFF = new RefreshAhead(Duration.ZERO, false);

  private static final Logger LOG = Logger.getLogger(RefreshAhead.class.getName());
  private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
  // Attempts are remembered per entry; past this many, those whose retry time has passed are
  // dropped.
  private static final int SWEEP_ABOVE = 4096;

  private final long windowMillis;
  private final long retryNanos;
  private final boolean inBackground;
  private final ConcurrentHashMap<String, Long> attempts = new ConcurrentHashMap<>();

  RefreshAhead(Duration window, boolean inBackground) {
    this.inBackground = inBackground;
    this.windowMillis = Math.max(0, window.toMillis());
    this.retryNanos =
        Math.max(1, Math.min(MAX_RETRY_NANOS, TimeUnit.MILLISECONDS.toNanos(windowMillis) / 2));
  }

  /** The setting of {@code cacheName}; {@link #OFF} unless it is a positive duration. */
  public static RefreshAhead of(String cacheName) {
    Duration window =
        Settings.getDuration(
            "cache." + cacheName + ".refresh-ahead",
            Settings.getDuration("cache.default.refresh-ahead", Duration.ZERO));
    if (window.isZero() || window.isNegative()) {
      return OFF;
    }
    boolean inBackground =
        Settings.getBoolean(
            "cache." + cacheName + ".refresh-ahead.in-background",
            Settings.getBoolean("cache.default.refresh-ahead.in-background", false));
    CacheSettings settings = CacheSettings.of(cacheName);
    if (!renews(settings.expiry())) {
      LOG.warning(
          () ->
              "cache."
                  + cacheName
                  + ".refresh-ahead="
                  + window
                  + " has no effect under expiry="
                  + settings.expiry().name().toLowerCase(java.util.Locale.ROOT)
                  + " (only modified and created expire read"
                  + " entries); turned off");
      return OFF;
    }
    Duration ttl = settings.ttl();
    if (!ttl.isZero() && window.compareTo(ttl) >= 0) {
      // Every hit would be due, and each instance would reload a read entry about once a second.
      Duration half = ttl.dividedBy(2);
      LOG.warning(
          () ->
              "cache."
                  + cacheName
                  + ".refresh-ahead="
                  + window
                  + " is not shorter than its ttl ("
                  + ttl
                  + "); using half the ttl, "
                  + half);
      return new RefreshAhead(half, inBackground);
    }
    return new RefreshAhead(window, inBackground);
  }

  /**
   * True when entries of a cache with this expiry can be refreshed ahead of it: they expire a fixed
   * time after their last write ({@code modified}) or their creation ({@code created}, where a
   * refresh's store renews it).
   */
  private static boolean renews(CacheSettings.Expiry expiry) {
    return expiry == CacheSettings.Expiry.MODIFIED || expiry == CacheSettings.Expiry.CREATED;
  }

  /** How long before its expiry an entry is due, in ms; 0 when the setting is off. */
  public long windowMillis() {
    return windowMillis;
  }

  /** True unless the setting is off. */
  public boolean enabled() {
    return windowMillis > 0;
  }

  /**
   * True when the reload should run in the background, every caller being served the cached value
   * (false: on the caller that found the entry due, which waits for it).
   */
  public boolean inBackground() {
    return inBackground;
  }

  /** How long an instance waits before it tries again to refresh an entry it tried to refresh. */
  long retryNanos() {
    return retryNanos;
  }

  /**
   * True when an entry that expires at {@code expiresAtMillis} (epoch ms; 0 for never or unknown)
   * has, at {@code nowMillis}, no more than the window left.
   */
  public boolean due(long expiresAtMillis, long nowMillis) {
    return windowMillis > 0 && expiresAtMillis > 0 && expiresAtMillis - nowMillis <= windowMillis;
  }

  /**
   * Claims this instance's attempt to refresh {@code entry} at {@code nowNanos} ({@link
   * System#nanoTime}); false when an attempt was claimed less than {@link #retryNanos} ago and not
   * {@linkplain #done done}.
   */
  public boolean claim(String entry, long nowNanos) {
    if (attempts.size() > SWEEP_ABOVE) {
      attempts.values().removeIf(claimed -> nowNanos - claimed >= retryNanos);
    }
    boolean[] claimed = {false};
    attempts.compute(
        entry,
        (name, last) -> {
          if (last == null || nowNanos - last >= retryNanos) {
            claimed[0] = true;
            return nowNanos;
          }
          return last;
        });
    return claimed[0];
  }

  /**
   * The refresh of {@code entry} claimed by this instance reloaded it: a later due hit may try
   * again at once.
   */
  public void done(String entry) {
    attempts.remove(entry);
  }
}
