package dev.granular.cache.redis;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.cache.Cache;

/**
 * A Redis cache of encoded entries with the reads the hit path needs besides {@link Cache}'s: the
 * entry with other keys in one command, and a read that does not block. One Redis hash ({@link
 * CircuitGuardedCache}) or several ({@link PartitionedCache}).
 */
interface RedisEntries extends Cache<String, String> {

  /** True when {@link #getWithKeys} reads an entry and other keys in one command. */
  boolean readsWithKeysAtOnce();

  /**
   * The raw value of {@code field} followed by the values of {@code keys} (null for absent ones)
   * and the entry's expiry time in epoch milliseconds (null when it has none), in one command.
   */
  List<String> getWithKeys(String field, List<String> keys);

  /** Starts reading {@code key} without waiting. */
  CompletionStage<String> getAsync(String key);

  /**
   * Starts reading the raw value of {@code field} and its expiry time in epoch milliseconds without
   * waiting: a list of the two (the expiry null when the entry never expires; both null when it is
   * absent or expired). For refresh-ahead where {@link #getWithKeys} cannot be used (a Redis
   * Cluster, whose tag versions live in another slot): the entry and its expiry time share their
   * slot, so this is one command there too.
   */
  CompletionStage<List<String>> getWithExpiryAsync(String field);

  /**
   * The raw values of those of {@code keys} that are present and not expired, read without touching
   * their expiry (unlike {@link #getAll}, which a policy of access-based expiry would extend): for
   * the clean-up of void entries.
   */
  Map<String, String> peekAll(Set<String> keys);

  /**
   * Removes each entry of {@code values} only while it still holds that value (a value stored over
   * it since stays); gives the names of those removed.
   */
  Set<String> removeUnchanged(Map<String, String> values);
}
