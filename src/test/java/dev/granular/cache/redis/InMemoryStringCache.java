package dev.granular.cache.redis;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * The raw cache of strings behind a {@link JsonCache}, in a map: what Redis would hold, readable by
 * the tests. It has no expiry, so the negative TTL a {@code JsonCache} asks for is simply ignored.
 */
class InMemoryStringCache implements Cache<String, String> {

  private final String name;
  private final Map<String, String> entries = new ConcurrentHashMap<>();

  InMemoryStringCache(String name) {
    this.name = name;
  }

  /** The stored text of an entry; not part of JCache. */
  String raw(String entryName) {
    return entries.get(entryName);
  }

  @Override
  public String get(String key) {
    return entries.get(key);
  }

  @Override
  public Map<String, String> getAll(Set<? extends String> keys) {
    Map<String, String> found = new ConcurrentHashMap<>();
    keys.forEach(k -> found.computeIfAbsent(k, entries::get));
    return found;
  }

  @Override
  public boolean containsKey(String key) {
    return entries.containsKey(key);
  }

  @Override
  public void put(String key, String value) {
    entries.put(key, Objects.requireNonNull(value));
  }

  @Override
  public String getAndPut(String key, String value) {
    return entries.put(key, Objects.requireNonNull(value));
  }

  @Override
  public void putAll(Map<? extends String, ? extends String> map) {
    entries.putAll(map);
  }

  @Override
  public boolean putIfAbsent(String key, String value) {
    return entries.putIfAbsent(key, value) == null;
  }

  @Override
  public boolean remove(String key) {
    return entries.remove(key) != null;
  }

  @Override
  public boolean remove(String key, String oldValue) {
    return entries.remove(key, oldValue);
  }

  @Override
  public String getAndRemove(String key) {
    return entries.remove(key);
  }

  @Override
  public boolean replace(String key, String oldValue, String newValue) {
    return entries.replace(key, oldValue, newValue);
  }

  @Override
  public boolean replace(String key, String value) {
    return entries.replace(key, value) != null;
  }

  @Override
  public String getAndReplace(String key, String value) {
    return entries.replace(key, value);
  }

  @Override
  public void removeAll(Set<? extends String> keys) {
    keys.forEach(entries::remove);
  }

  @Override
  public void removeAll() {
    entries.clear();
  }

  @Override
  public void clear() {
    entries.clear();
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean isClosed() {
    return false;
  }

  @Override
  public Iterator<Entry<String, String>> iterator() {
    return entries.entrySet().stream()
        .map(e -> (Entry<String, String>) new RawEntry(e.getKey(), e.getValue()))
        .iterator();
  }

  @Override
  public void loadAll(Set<? extends String> keys, boolean replace, CompletionListener listener) {
    throw unsupported();
  }

  @Override
  public <C extends Configuration<String, String>> C getConfiguration(Class<C> type) {
    throw unsupported();
  }

  @Override
  public <T> T invoke(
      String key, EntryProcessor<String, String, T> processor, Object... arguments) {
    throw unsupported();
  }

  @Override
  public <T> Map<String, EntryProcessorResult<T>> invokeAll(
      Set<? extends String> keys,
      EntryProcessor<String, String, T> processor,
      Object... arguments) {
    throw unsupported();
  }

  @Override
  public CacheManager getCacheManager() {
    throw unsupported();
  }

  @Override
  public void close() {}

  @Override
  public <T> T unwrap(Class<T> type) {
    throw unsupported();
  }

  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<String, String> configuration) {
    throw unsupported();
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<String, String> configuration) {
    throw unsupported();
  }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("not needed by the JSON view's tests");
  }

  private record RawEntry(String getKey, String getValue) implements Entry<String, String> {
    @Override
    public <T> T unwrap(Class<T> type) {
      throw new IllegalArgumentException("cannot unwrap to " + type);
    }
  }
}
