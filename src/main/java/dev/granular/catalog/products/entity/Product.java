package dev.granular.catalog.products.entity;

import dev.granular.catalog.categories.entity.Category;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.LockModeType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Something the catalog sells, in one category, at a price with two decimals. */
@Entity
@EntityListeners(ProductChanges.class)
@Table(indexes = @Index(name = "product_category_idx", columnList = "category_id"))
@NamedQuery(
    name = Product.LOCKED_BY_ID,
    query = "select p from Product p where p.id = :id",
    lockMode = LockModeType.PESSIMISTIC_WRITE)
public class Product {

  /**
   * The product with the id {@code :id}, its row locked for update ({@code SELECT ... FOR UPDATE})
   * until the transaction ends. A named query because EclipseLink prepares it once: {@code find}
   * with a lock mode builds and prepares a new query on every call (27 % of a {@code PUT}'s CPU
   * samples in the profile of 2026-12-05).
   */
  public static final String LOCKED_BY_ID = "Product.lockedById";

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "product_seq")
  @SequenceGenerator(name = "product_seq", sequenceName = "product_seq", allocationSize = 1)
  private Long id;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(length = 2000)
  private String description;

  @Column(nullable = false, precision = 12, scale = 2)
  private BigDecimal price;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "category_id", nullable = false)
  private Category category;

  /** The category's id, read-only beside the relation: reading it never loads the category. */
  @Column(name = "category_id", insertable = false, updatable = false)
  private Long categoryId;

  @Column(nullable = false)
  private Instant updatedAt;

  @Version private long version;

  /**
   * Views written back from Redis by the view flusher, with bulk updates that bypass this entity
   * (no listener, no version bump). Null in rows created before the column existed: read as 0, and
   * updated with {@code coalesce}.
   */
  @Column(name = "views")
  private Long views;

  /** The category as loaded from the database: a move must void the old category's listing too. */
  @Transient private Long loadedCategoryId;

  protected Product() {}

  public Product(String name, String description, BigDecimal price, Category category) {
    this.name = name;
    this.description = description;
    this.price = price;
    this.category = category;
    this.categoryId = category.getId();
    this.views = 0L;
  }

  @PostLoad
  void loaded() {
    loadedCategoryId = categoryId;
  }

  @PrePersist
  @PreUpdate
  void touch() {
    // Microseconds: what both H2 and PostgreSQL keep, so the value read back equals the value
    // written.
    updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  public BigDecimal getPrice() {
    return price;
  }

  public Long getCategoryId() {
    return categoryId;
  }

  /**
   * The category id this product had when it was read from the database; null for a new product.
   */
  public Long getLoadedCategoryId() {
    return loadedCategoryId;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  /** The views stored in the database; the ones still pending in Redis come on top. */
  public long getViews() {
    return views == null ? 0 : views;
  }

  public long getVersion() {
    return version;
  }

  /** Updates the product and moves it to {@code category}. */
  public void update(String name, String description, BigDecimal price, Category category) {
    this.category = category;
    this.categoryId = category.getId();
    update(name, description, price);
  }

  /** Updates the product in the category it is in. */
  public void update(String name, String description, BigDecimal price) {
    this.name = name;
    this.description = description;
    this.price = price;
    // Set here too: @PreUpdate fires at flush, after the caller may already have read the state.
    this.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
