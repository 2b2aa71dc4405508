package dev.granular.catalog.categories.control;

import dev.granular.cache.tag.CacheTags;
import dev.granular.catalog.categories.entity.Category;
import dev.granular.catalog.categories.entity.CategoryInput;
import dev.granular.catalog.categories.entity.CategoryView;
import dev.granular.platform.DatabaseLatency;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/** Reads and writes categories; a category is cached by id in {@code categories}. */
@ApplicationScoped
@CacheDefaults(cacheName = "categories")
public class CategoryStore {

  @PersistenceContext EntityManager em;
  @Inject DatabaseLatency database;

  /** The category, or null when there is none with this id. */
  @CacheResult
  @CacheTags("category:{id}")
  public CategoryView find(@CacheKey long id) {
    return database.read(
        () -> {
          Category category = em.find(Category.class, id);
          return category == null ? null : CategoryView.of(category);
        });
  }

  /** The managed entity, for a write that refers to it; null when unknown. */
  public Category reference(long id) {
    return em.find(Category.class, id);
  }

  @Transactional
  public CategoryView create(CategoryInput input) {
    Category category = new Category(input.name().strip());
    em.persist(category);
    em.flush();
    return CategoryView.of(category);
  }
}
