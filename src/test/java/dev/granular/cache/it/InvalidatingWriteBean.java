package dev.granular.cache.it;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * {@code it-invalidate} is configured with {@code write=invalidate}: {@code @CachePut} only voids
 * the entry.
 */
@ApplicationScoped
@CacheDefaults(cacheName = "it-invalidate")
public class InvalidatingWriteBean {

  @CacheResult
  public String read(String key) {
    return "loaded-" + key + "-" + Counter.count("invalidate-read:" + key);
  }

  @CachePut
  public void put(@CacheKey String key, @CacheValue String value) {}
}
