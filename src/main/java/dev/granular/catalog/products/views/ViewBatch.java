package dev.granular.catalog.products.views;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A part of a batch of views ({@code <batch id>/<n>}, see {@link ClaimedBatch#parts}) that has been
 * written to the database, recorded in the same transaction as its counts: a batch claimed again
 * after its first flusher died between a commit and the Redis cleanup is recognised here, part by
 * part, and no part is counted twice. Rows older than a day are pruned.
 */
@Entity
@Table(name = "view_batch")
public class ViewBatch {

  @Id
  @Column(length = 64)
  private String id;

  @Column(nullable = false)
  private long views;

  @Column(nullable = false)
  private Instant appliedAt;

  protected ViewBatch() {}

  public ViewBatch(String id, long views, Instant appliedAt) {
    this.id = id;
    this.views = views;
    this.appliedAt = appliedAt;
  }

  public String getId() {
    return id;
  }

  public long getViews() {
    return views;
  }

  public Instant getAppliedAt() {
    return appliedAt;
  }
}
