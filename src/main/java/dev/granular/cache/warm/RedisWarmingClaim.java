package dev.granular.cache.warm;

import dev.granular.cache.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.redisson.api.RBucket;
import org.redisson.client.codec.StringCodec;

/**
 * One warming run at a time across all instances: a key {@code cache:warming} holding the owner,
 * with a TTL so a killed instance's claim lapses. Not a lock bound to a thread: the run is started
 * by one thread and ends on another.
 */
@ApplicationScoped
public class RedisWarmingClaim {

  static final String KEY = "cache:warming";

  @Inject RedisConnection redis;

  /**
   * Claims the run for {@code owner}; empty when claimed, else the current owner. Redis away:
   * claimed locally.
   */
  public Optional<String> claim(String owner, Duration ttl) {
    try {
      return redis
          .circuit()
          .call(
              () -> {
                RBucket<String> bucket = bucket();
                return bucket.setIfAbsent(owner, ttl)
                    ? Optional.<String>empty()
                    : Optional.of(String.valueOf(bucket.get()));
              });
    } catch (RuntimeException e) {
      return Optional
          .empty(); // without Redis the loads go to the database anyway; the rate limit still holds
    }
  }

  /** Gives the claim up if {@code owner} still holds it. */
  public void release(String owner) {
    try {
      redis.circuit().run(() -> bucket().compareAndSet(owner, null));
    } catch (RuntimeException e) {
      // the claim's TTL ends it
    }
  }

  private RBucket<String> bucket() {
    return redis.client().getBucket(KEY, StringCodec.INSTANCE);
  }
}
