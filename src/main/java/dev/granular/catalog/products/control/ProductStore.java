package dev.granular.catalog.products.control;

import dev.granular.cache.tag.CacheTags;
import dev.granular.catalog.categories.control.CategoryStore;
import dev.granular.catalog.categories.entity.Category;
import dev.granular.catalog.products.entity.Product;
import dev.granular.catalog.products.entity.ProductInput;
import dev.granular.catalog.products.entity.ProductView;
import dev.granular.platform.DatabaseLatency;
import dev.granular.platform.InvalidInput;
import dev.granular.platform.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Objects;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

/**
 * Reads and writes products. A product is cached by id in {@code products} (cache-aside; an unknown
 * id briefly as absent) and tagged {@code product:<id>}; the category listing is cached in {@code
 * category-products}. Writes evict through the entity listener ({@code ProductChanges}) after
 * commit; an update then stores the new view (write-through, {@link ProductCache}), a delete
 * removes the entry ({@code @CacheRemove}).
 */
@ApplicationScoped
@CacheDefaults(cacheName = "products")
public class ProductStore {

  @PersistenceContext EntityManager em;
  @Inject DatabaseLatency database;
  @Inject CategoryStore categories;
  @Inject ProductCache cache;

  /** The product, or null when there is none with this id. */
  @CacheResult
  @CacheTags("product:{id}")
  public ProductView find(@CacheKey long id) {
    return database.read(
        () -> {
          Product product = em.find(Product.class, id);
          return product == null ? null : ProductView.of(product);
        });
  }

  /**
   * The products of a category, in id order. Cached per category and tagged with the category and
   * every product in it: a product updated, added, removed, or moved in or out voids the listing.
   */
  @CacheResult(cacheName = "category-products")
  @CacheTags({"category:{categoryId}", "product:{result[].id}"})
  public List<ProductView> inCategory(@CacheKey long categoryId) {
    return database.read(
        () ->
            em
                .createQuery(
                    "select p from Product p where p.categoryId = :category order by p.id",
                    Product.class)
                .setParameter("category", categoryId)
                .getResultList()
                .stream()
                .map(ProductView::of)
                .toList());
  }

  @Transactional
  public ProductView create(ProductInput input) {
    Product product =
        new Product(
            input.name().strip(), input.description(), input.price(), category(input.categoryId()));
    em.persist(product);
    em.flush();
    return ProductView.of(product);
  }

  /**
   * Updates the product; the new view goes into {@code products} after commit (write-through, see
   * ProductCache).
   */
  @Transactional
  public ProductView update(long id, ProductInput input) {
    return update(id, input, current -> {});
  }

  /**
   * Updates the product if {@code precondition} accepts its current state, read with the row locked
   * (it throws to refuse; the transaction then rolls back and nothing changes).
   */
  @Transactional
  public ProductView update(
      long id, ProductInput input, java.util.function.Consumer<ProductView> precondition) {
    Product product =
        em.createNamedQuery(Product.LOCKED_BY_ID, Product.class)
            .setParameter("id", id)
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (product == null) {
      throw new NotFound("product", id);
    }
    precondition.accept(ProductView.of(product));
    if (Objects.equals(product.getCategoryId(), input.categoryId())) {
      // the category it has exists (the foreign key says so): no query for it
      product.update(input.name().strip(), input.description(), input.price());
    } else {
      product.update(
          input.name().strip(), input.description(), input.price(), category(input.categoryId()));
    }
    em.flush(); // the row is locked from here: a later writer commits, and invalidates, after
    // this one
    ProductView updated = ProductView.of(product);
    cache.written(id, updated);
    return updated;
  }

  @CacheRemove
  @Transactional
  public void delete(@CacheKey long id) {
    em.remove(managed(id));
  }

  private Product managed(long id) {
    Product product = em.find(Product.class, id);
    if (product == null) {
      throw new NotFound("product", id);
    }
    return product;
  }

  private Category category(long id) {
    Category category = categories.reference(id);
    if (category == null) {
      throw new InvalidInput("category " + id + " does not exist");
    }
    return category;
  }
}
