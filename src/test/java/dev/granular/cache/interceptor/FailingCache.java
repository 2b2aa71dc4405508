package dev.granular.cache.interceptor;

import javax.cache.CacheException;

/** A cache whose every read and write fails, as a cache on an unreachable Redis does. */
final class FailingCache extends InMemoryCache {

  FailingCache(String name) {
    super(name);
  }

  @Override
  public Object get(Object key) {
    throw down();
  }

  @Override
  public void put(Object key, Object value) {
    throw down();
  }

  @Override
  public boolean remove(Object key) {
    throw down();
  }

  @Override
  public void removeAll() {
    throw down();
  }

  private CacheException down() {
    return new CacheException("cache " + getName() + " is down");
  }
}
