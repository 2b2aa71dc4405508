package dev.granular.cache.near;

import dev.granular.cache.DaemonThreads;
import dev.granular.cache.redis.RedisConnection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.RBatch;
import org.redisson.api.RTopic;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

/**
 * The {@link NearChannel} on Redis pub/sub, channel {@value #CHANNEL}. The tag registry publishes
 * every invalidation right after the new tag versions: in the same pipeline ({@link #publishIn}),
 * or, over the direct connections of a single server, from the invalidation's own script.
 *
 * <p>Pub/sub delivers at most once, so the channel only reports itself connected after a probe it
 * published to itself came back through its subscription, and reports a disconnection (near caches
 * drop everything) whenever a message may have been lost: the subscription ended or was renewed
 * after a reconnect, the client lost its connection to Redis, the circuit breaker opened. It then
 * probes again every second until the probe comes back.
 */
@ApplicationScoped
public class RedisNearChannel implements NearChannel {

  /** The pub/sub channel of invalidation messages. */
  public static final String CHANNEL = "cache:near-invalidations";

  private static final Logger LOG = Logger.getLogger(RedisNearChannel.class.getName());
  private static final long PROBE_TIMEOUT_MILLIS = 2000;
  private static final long RETRY_MILLIS = 1000;

  private final Map<String, CompletableFuture<Void>> probes = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("cache-near-channel"));
  private RedisConnection redis;
  private volatile NearCaches caches;
  private RTopic topic;
  private boolean subscribed;
  private int failedProbes;

  protected RedisNearChannel() {}

  @Inject
  public RedisNearChannel(RedisConnection redis) {
    this.redis = redis;
  }

  /**
   * Adds the message for an invalidation of {@code tags} to {@code batch}, after its version
   * writes.
   */
  public static void publishIn(RBatch batch, Collection<String> tags) {
    batch.getTopic(CHANNEL, StringCodec.INSTANCE).publishAsync(NearMessage.encode(tags));
  }

  @Override
  public void open(NearCaches caches) {
    this.caches = caches;
    redis.circuit().onTrip(() -> lost("Redis circuit open"));
    redis.circuit().onRecovery(() -> lost("Redis circuit recovering"));
    redis.onConnectionLost(() -> lost("connection to Redis lost"));
    lost("starting");
  }

  /** Something may have been missed: drop the near copies now, and reconnect in the background. */
  private void lost(String why) {
    long current = generation.incrementAndGet();
    caches.disconnected(why);
    try {
      worker.execute(() -> connect(current));
    } catch (RejectedExecutionException e) {
      // shutting down: the client closes its connections after this channel stopped; nothing to
      // reconnect
    }
  }

  private void connect(long attempt) {
    if (generation.get() != attempt) {
      return; // a newer loss started its own attempt
    }
    String token = UUID.randomUUID().toString();
    CompletableFuture<Void> heard = new CompletableFuture<>();
    probes.put(token, heard);
    try {
      subscribe();
      topic().publish(NearMessage.probe(token));
      heard.get(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      if (caches.connectedIf(() -> generation.get() == attempt && !redis.circuit().isOpen())) {
        failedProbes = 0;
        return;
      }
    } catch (Exception e) {
      LOG.log(Level.FINE, "Near cache channel not connected yet", e);
      if (++failedProbes % 3 == 0) {
        unsubscribe(); // the subscription itself may be broken: start a fresh one
      }
    } finally {
      probes.remove(token);
    }
    try {
      worker.schedule(() -> connect(attempt), RETRY_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }

  private void subscribe() {
    if (subscribed) {
      return;
    }
    topic().addListener(String.class, (channel, text) -> received(text));
    topic()
        .addListener(
            new StatusListener() {
              @Override
              public void onSubscribe(String channel) {
                // also after Redisson re-subscribed on a new connection: messages may be lost in
                // between
                if (caches.isConnected()) {
                  lost("subscription renewed");
                }
              }

              @Override
              public void onUnsubscribe(String channel) {
                lost("subscription ended");
              }
            });
    subscribed = true;
  }

  private void unsubscribe() {
    subscribed = false;
    try {
      topic().removeAllListeners();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Could not remove the near cache listeners", e);
    }
  }

  private void received(String text) {
    List<String> tags = NearMessage.decode(text);
    if (tags == null) {
      lost("unreadable invalidation message");
      return;
    }
    String token = NearMessage.probeToken(tags);
    if (token == null) {
      caches.invalidated(tags);
    } else {
      CompletableFuture<Void> probe = probes.get(token);
      if (probe != null) {
        probe.complete(null);
      }
    }
  }

  private RTopic topic() {
    if (topic == null) {
      topic = redis.client().getTopic(CHANNEL, StringCodec.INSTANCE);
    }
    return topic;
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }
}
