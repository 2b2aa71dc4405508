package dev.granular.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * How many rows the demo tables hold, for {@code GET /api/demo/database}. Not a demo read: neither
 * slowed down nor counted.
 */
@ApplicationScoped
public class RowCounts {

  @PersistenceContext EntityManager em;

  /**
   * The number of rows of one entity, by its JPQL name ({@code Product}, {@code Category}, {@code
   * User}).
   */
  public long of(String entity) {
    return em.createQuery("select count(e) from " + entity + " e", Long.class).getSingleResult();
  }
}
