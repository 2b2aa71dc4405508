package dev.granular.cache.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * One logical cache spread over several Redis caches ({@code cache.<name>.partitions}): Redisson's
 * open-source JCache keeps a cache in one Redis hash, so in one Cluster slot on one master;
 * partitions live in slots of their own and so spread over the masters. An entry belongs to the
 * partition its name hashes to ({@link #partitionOf}: the same on every instance and after
 * restarts), so every single-entry operation, and the hit path's one-command read, touches one
 * partition only; whole-cache operations visit them all. Tags, locks and versions are keyed by the
 * logical cache and entry names, so they do not change.
 */
final class PartitionedCache implements RedisEntries {

  private final String name;
  private final List<? extends RedisEntries> partitions;

  PartitionedCache(String name, List<? extends RedisEntries> partitions) {
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("a partitioned cache needs at least one partition");
    }
    this.name = name;
    this.partitions = List.copyOf(partitions);
  }

  /**
   * The partition of an entry: its name's {@link String#hashCode} (specified by the Java language,
   * so the same everywhere) modulo the number of partitions.
   */
  static int partitionOf(String entry, int partitions) {
    return Math.floorMod(entry.hashCode(), partitions);
  }

  private RedisEntries of(String entry) {
    return partitions.get(partitionOf(entry, partitions.size()));
  }

  /** The partitions, in order. */
  List<? extends RedisEntries> partitions() {
    return partitions;
  }

  private <V> Map<RedisEntries, Map<String, V>> byPartition(
      Map<? extends String, ? extends V> entries) {
    Map<RedisEntries, Map<String, V>> grouped = new HashMap<>();
    entries.forEach(
        (key, value) -> grouped.computeIfAbsent(of(key), p -> new HashMap<>()).put(key, value));
    return grouped;
  }

  private Map<RedisEntries, Set<String>> byPartition(Set<? extends String> keys) {
    Map<RedisEntries, Set<String>> grouped = new HashMap<>();
    keys.forEach(key -> grouped.computeIfAbsent(of(key), p -> new HashSet<>()).add(key));
    return grouped;
  }

  @Override
  public boolean readsWithKeysAtOnce() {
    return partitions.get(0).readsWithKeysAtOnce();
  }

  @Override
  public List<String> getWithKeys(String field, List<String> keys) {
    return of(field).getWithKeys(field, keys);
  }

  @Override
  public CompletionStage<List<String>> getWithExpiryAsync(String field) {
    return of(field).getWithExpiryAsync(field);
  }

  @Override
  public CompletionStage<String> getAsync(String key) {
    return of(key).getAsync(key);
  }

  @Override
  public String get(String key) {
    return of(key).get(key);
  }

  @Override
  public Map<String, String> getAll(Set<? extends String> keys) {
    Map<String, String> found = new HashMap<>();
    byPartition(keys).forEach((partition, some) -> found.putAll(partition.getAll(some)));
    return found;
  }

  @Override
  public Map<String, String> peekAll(Set<String> keys) {
    Map<String, String> found = new HashMap<>();
    byPartition(keys).forEach((partition, some) -> found.putAll(partition.peekAll(some)));
    return found;
  }

  @Override
  public boolean containsKey(String key) {
    return of(key).containsKey(key);
  }

  @Override
  public void loadAll(Set<? extends String> keys, boolean replace, CompletionListener listener) {
    throw new UnsupportedOperationException("no cache loader behind " + name);
  }

  @Override
  public void put(String key, String value) {
    of(key).put(key, value);
  }

  @Override
  public String getAndPut(String key, String value) {
    return of(key).getAndPut(key, value);
  }

  @Override
  public void putAll(Map<? extends String, ? extends String> map) {
    byPartition(map).forEach(RedisEntries::putAll);
  }

  @Override
  public boolean putIfAbsent(String key, String value) {
    return of(key).putIfAbsent(key, value);
  }

  @Override
  public boolean remove(String key) {
    return of(key).remove(key);
  }

  @Override
  public boolean remove(String key, String oldValue) {
    return of(key).remove(key, oldValue);
  }

  @Override
  public String getAndRemove(String key) {
    return of(key).getAndRemove(key);
  }

  @Override
  public boolean replace(String key, String oldValue, String newValue) {
    return of(key).replace(key, oldValue, newValue);
  }

  @Override
  public boolean replace(String key, String value) {
    return of(key).replace(key, value);
  }

  @Override
  public String getAndReplace(String key, String value) {
    return of(key).getAndReplace(key, value);
  }

  @Override
  public void removeAll(Set<? extends String> keys) {
    byPartition(keys).forEach(RedisEntries::removeAll);
  }

  @Override
  public Set<String> removeUnchanged(Map<String, String> values) {
    Set<String> removed = new HashSet<>();
    for (Map.Entry<RedisEntries, Map<String, String>> partition : byPartition(values).entrySet()) {
      removed.addAll(partition.getKey().removeUnchanged(partition.getValue()));
    }
    return removed;
  }

  @Override
  public void removeAll() {
    partitions.forEach(RedisEntries::removeAll);
  }

  @Override
  public void clear() {
    partitions.forEach(RedisEntries::clear);
  }

  @Override
  public <C extends Configuration<String, String>> C getConfiguration(Class<C> type) {
    return partitions.get(0).getConfiguration(type);
  }

  @Override
  public <T> T invoke(
      String key, EntryProcessor<String, String, T> processor, Object... arguments) {
    return of(key).invoke(key, processor, arguments);
  }

  @Override
  public <T> Map<String, EntryProcessorResult<T>> invokeAll(
      Set<? extends String> keys,
      EntryProcessor<String, String, T> processor,
      Object... arguments) {
    Map<String, EntryProcessorResult<T>> results = new HashMap<>();
    byPartition(keys)
        .forEach(
            (partition, some) -> results.putAll(partition.invokeAll(some, processor, arguments)));
    return results;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return partitions.get(0).getCacheManager();
  }

  @Override
  public void close() {
    partitions.forEach(RedisEntries::close);
  }

  @Override
  public boolean isClosed() {
    return partitions.stream().allMatch(RedisEntries::isClosed);
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("a partitioned cache does not unwrap to " + type);
  }

  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<String, String> configuration) {
    partitions.forEach(p -> p.registerCacheEntryListener(configuration));
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<String, String> configuration) {
    partitions.forEach(p -> p.deregisterCacheEntryListener(configuration));
  }

  @Override
  public Iterator<Entry<String, String>> iterator() {
    List<Iterator<Entry<String, String>>> all = new ArrayList<>();
    partitions.forEach(p -> all.add(p.iterator()));
    return all.stream()
        .flatMap(
            i ->
                java.util.stream.StreamSupport.stream(
                    java.util.Spliterators.spliteratorUnknownSize(i, 0), false))
        .iterator();
  }

  @Override
  public String toString() {
    return "PartitionedCache[" + name + ", " + partitions.size() + " partitions]";
  }
}
