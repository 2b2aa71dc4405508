package dev.granular.users.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A person with an account; the e-mail address is unique. */
@Entity
@EntityListeners(UserChanges.class)
@Table(
    name = "app_user",
    uniqueConstraints = @UniqueConstraint(name = "app_user_email_uq", columnNames = "email"))
public class User {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "user_seq")
  @SequenceGenerator(name = "user_seq", sequenceName = "user_seq", allocationSize = 1)
  private Long id;

  @Column(nullable = false, length = 200)
  private String name;

  @Column(nullable = false, length = 320)
  private String email;

  @Column(nullable = false)
  private Instant createdAt;

  @Column(nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected User() {}

  public User(String name, String email) {
    this.name = name;
    this.email = email;
  }

  @PrePersist
  void created() {
    createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    updatedAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getEmail() {
    return email;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public void update(String name, String email) {
    this.name = name;
    this.email = email;
    this.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
