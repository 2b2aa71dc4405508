package dev.granular.catalog.products.entity;

import java.math.RoundingMode;
import java.time.Instant;

/**
 * A product as the API shows it and the cache stores it; the price is a decimal string such as
 * {@code "19.99"}. {@code views} is the count stored in the database when the view was made (what
 * the cache holds and listings show); {@code GET /api/products/{id}} replaces it with the live
 * count, stored plus pending ({@link #withViews}).
 */
public record ProductView(
    long id,
    String name,
    String description,
    String price,
    long categoryId,
    Instant updatedAt,
    long views) {

  public static ProductView of(Product product) {
    return new ProductView(
        product.getId(),
        product.getName(),
        product.getDescription(),
        product.getPrice().setScale(2, RoundingMode.UNNECESSARY).toPlainString(),
        product.getCategoryId(),
        product.getUpdatedAt(),
        product.getViews());
  }

  /** This product with another view count. */
  public ProductView withViews(long count) {
    return new ProductView(id, name, description, price, categoryId, updatedAt, count);
  }
}
