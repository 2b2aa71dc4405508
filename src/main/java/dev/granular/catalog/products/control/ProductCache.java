package dev.granular.catalog.products.control;

import dev.granular.cache.tag.CacheTags;
import dev.granular.catalog.products.entity.ProductView;
import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheValue;

/**
 * The write side of the {@code products} cache. Called inside the updating transaction,
 * {@code @CachePut} stores the new view once the transaction has committed and its tags are
 * invalidated (write-through, the default), or only voids the entry when {@code
 * cache.products.write=invalidate}; see {@code CacheSettings}.
 */
@ApplicationScoped
public class ProductCache {

  @CachePut(cacheName = "products")
  @CacheTags("product:{id}")
  public void written(@CacheKey long id, @CacheValue ProductView product) {
    // the interceptor does the work
  }
}
