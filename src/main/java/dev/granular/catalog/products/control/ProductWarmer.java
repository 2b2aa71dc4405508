package dev.granular.catalog.products.control;

import dev.granular.cache.warm.CacheWarmer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * Warms {@code products} with the most recently updated products: the ones most likely to be asked
 * for next.
 */
@ApplicationScoped
public class ProductWarmer implements CacheWarmer {

  @PersistenceContext EntityManager em;
  @Inject ProductStore store;

  @Override
  public String name() {
    return "products";
  }

  @Override
  public String cacheName() {
    return "products";
  }

  @Override
  public List<?> keys(int limit) {
    return em.createQuery(
            "select p.id from Product p order by p.updatedAt desc, p.id desc", Long.class)
        .setMaxResults(limit)
        .getResultList();
  }

  @Override
  public void warm(Object key) {
    store.find((Long) key); // through the proxy: @CacheResult loads it once, under the refill lock
  }
}
