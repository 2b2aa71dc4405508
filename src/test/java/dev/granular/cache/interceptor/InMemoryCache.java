package dev.granular.cache.interceptor;

import java.util.Iterator;
import java.util.Map;
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
 * A JCache in a map, for the interceptors' unit tests: it supports what the interceptors call (get,
 * put, remove, removeAll, getName) and what tests inspect (containsKey, size). Like JCache it
 * rejects null keys and values.
 */
class InMemoryCache implements Cache<Object, Object> {

  private final String name;
  private final Map<Object, Object> entries = new ConcurrentHashMap<>();

  InMemoryCache(String name) {
    this.name = name;
  }

  @Override
  public Object get(Object key) {
    return entries.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public void put(Object key, Object value) {
    entries.put(key, value);
  }

  @Override
  public boolean remove(Object key) {
    return entries.remove(key) != null;
  }

  @Override
  public void removeAll() {
    entries.clear();
  }

  @Override
  public String getName() {
    return name;
  }

  /** How many entries the cache holds; not part of JCache. */
  int size() {
    return entries.size();
  }

  @Override
  public Map<Object, Object> getAll(Set<?> keys) {
    throw unsupported();
  }

  @Override
  public void loadAll(Set<?> keys, boolean replaceExistingValues, CompletionListener listener) {
    throw unsupported();
  }

  @Override
  public Object getAndPut(Object key, Object value) {
    throw unsupported();
  }

  @Override
  public void putAll(Map<?, ?> map) {
    throw unsupported();
  }

  @Override
  public boolean putIfAbsent(Object key, Object value) {
    throw unsupported();
  }

  @Override
  public boolean remove(Object key, Object oldValue) {
    throw unsupported();
  }

  @Override
  public Object getAndRemove(Object key) {
    throw unsupported();
  }

  @Override
  public boolean replace(Object key, Object oldValue, Object newValue) {
    throw unsupported();
  }

  @Override
  public boolean replace(Object key, Object value) {
    throw unsupported();
  }

  @Override
  public Object getAndReplace(Object key, Object value) {
    throw unsupported();
  }

  @Override
  public void removeAll(Set<?> keys) {
    throw unsupported();
  }

  @Override
  public void clear() {
    throw unsupported();
  }

  @Override
  public <C extends Configuration<Object, Object>> C getConfiguration(Class<C> type) {
    throw unsupported();
  }

  @Override
  public <T> T invoke(
      Object key, EntryProcessor<Object, Object, T> processor, Object... arguments) {
    throw unsupported();
  }

  @Override
  public <T> Map<Object, EntryProcessorResult<T>> invokeAll(
      Set<?> keys, EntryProcessor<Object, Object, T> processor, Object... arguments) {
    throw unsupported();
  }

  @Override
  public CacheManager getCacheManager() {
    throw unsupported();
  }

  @Override
  public void close() {
    throw unsupported();
  }

  @Override
  public boolean isClosed() {
    throw unsupported();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    throw unsupported();
  }

  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<Object, Object> configuration) {
    throw unsupported();
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<Object, Object> configuration) {
    throw unsupported();
  }

  @Override
  public Iterator<Entry<Object, Object>> iterator() {
    throw unsupported();
  }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("not needed by the interceptors' tests");
  }
}
