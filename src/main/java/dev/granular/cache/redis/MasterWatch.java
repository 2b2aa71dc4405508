package dev.granular.cache.redis;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Under Sentinel, the master the cache was last made safe on, against the master the client sends
 * commands to now.
 *
 * <p>Redis replicates asynchronously, so a promoted replica may lack the last writes the old master
 * acknowledged, invalidations among them, and still hold entries those writes voided. The circuit's
 * recovery voids every entry, but only once the library knows the master moved. Redisson's
 * connection event for the new master comes from another thread after the new connections are
 * handed to its pool, so commands, reads among them, may reach the new master first. The watch
 * therefore compares, around every read ({@link RedisCircuit.Fence}), the address Redisson routes
 * to with the one it last knew: any difference is a move, reported before the read's answer is
 * used. Redisson's events still count ({@link #connected}, {@link #lost}): they can come before the
 * routing changes.
 */
final class MasterWatch implements RedisCircuit.Fence {

  private final AtomicReference<InetSocketAddress> known = new AtomicReference<>();
  private final Supplier<InetSocketAddress> routed;
  private final Consumer<String> moved;

  /**
   * @param routed the address of the master the client sends commands to now (null when it knows
   *     none)
   * @param moved told, with a description, each time the master moved; it opens the circuit
   */
  MasterWatch(Supplier<InetSocketAddress> routed, Consumer<String> moved) {
    this.routed = routed;
    this.moved = moved;
  }

  /**
   * Fails with a {@link CacheUnavailableException} when the client now routes to another master
   * than the one last known, after reporting the move; the first address seen becomes the known
   * one.
   */
  @Override
  public void check() {
    InetSocketAddress now = routed.get();
    if (now == null) {
      throw new CacheUnavailableException("the Redis client knows no master");
    }
    InetSocketAddress before = known.get();
    if (before == null && known.compareAndSet(null, now)) {
      return;
    }
    before = known.get();
    if (now.equals(before)) {
      return;
    }
    if (known.compareAndSet(before, now)) {
      moved.accept("Redis master moved from " + before + " to " + now + " (seen by a call)");
    }
    throw new CacheUnavailableException(
        "the Redis master moved to " + now + " while the cache was read");
  }

  /**
   * The client connected to data node {@code address}: any other than the known master means a
   * move.
   */
  void connected(InetSocketAddress address) {
    InetSocketAddress before = known.get();
    if (before != null && !before.equals(address)) {
      moved.accept("Redis master moved from " + before + " to " + address);
    }
  }

  /** The client lost every connection to {@code address}. */
  void lost(InetSocketAddress address) {
    if (address.equals(known.get())) {
      moved.accept("Lost the Redis master " + address);
    }
  }
}
