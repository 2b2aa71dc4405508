package dev.granular.catalog.products.entity;

import java.math.RoundingMode;
import java.time.Instant;

/** A product as the API shows it and the cache stores it; the price is a decimal string such as {@code "19.99"}. */
public record ProductView(
    long id, String name, String description, String price, long categoryId, Instant updatedAt) {

  public static ProductView of(Product product) {
    return new ProductView(
        product.getId(),
        product.getName(),
        product.getDescription(),
        product.getPrice().setScale(2, RoundingMode.UNNECESSARY).toPlainString(),
        product.getCategoryId(),
        product.getUpdatedAt());
  }
}
