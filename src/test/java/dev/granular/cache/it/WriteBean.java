package dev.granular.cache.it;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * @CachePut, @CacheRemove and @CacheRemoveAll on one class, all on the cache {@code it-writes}.
 */
@ApplicationScoped
@CacheDefaults(cacheName = "it-writes")
public class WriteBean {

  @CacheResult
  public String read(String key) {
    return "loaded-" + key + "-" + Counter.count("read:" + key);
  }

  @CachePut
  public void put(String key, @CacheValue String value) {}

  @CachePut(afterInvocation = false)
  public void putBeforeFailing(String key, @CacheValue String value) {
    throw new IllegalStateException("fails after the put");
  }

  @CachePut(cacheFor = IllegalStateException.class)
  public void putFailing(@CacheKey String key, @CacheValue String value, boolean illegalState) {
    throw illegalState
        ? new IllegalStateException("cached anyway")
        : new IllegalArgumentException("no put");
  }

  @CacheRemove
  public void remove(@CacheKey String key, String reason) {}

  @CacheRemove(evictFor = IllegalStateException.class)
  public void removeFailing(@CacheKey String key, boolean illegalState) {
    throw illegalState
        ? new IllegalStateException("evicts")
        : new IllegalArgumentException("no eviction");
  }

  @CacheRemove(afterInvocation = false)
  public void removeBeforeFailing(String key) {
    throw new IllegalStateException("fails after the removal");
  }

  @CacheRemoveAll
  public void clear() {}

  @CacheRemoveAll(afterInvocation = false)
  public void clearBeforeFailing() {
    throw new IllegalStateException("fails after clearing");
  }
}
