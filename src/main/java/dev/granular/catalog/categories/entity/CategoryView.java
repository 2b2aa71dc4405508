package dev.granular.catalog.categories.entity;

/** A category as the API shows it and the cache stores it. */
public record CategoryView(long id, String name) {

  public static CategoryView of(Category category) {
    return new CategoryView(category.getId(), category.getName());
  }
}
