package dev.granular.platform;

/**
 * Ids in request paths. Every id the database hands out is positive, so zero or a negative id names
 * nothing: it is answered 404 before any store (or cache) is asked, and leaves no "absent" entry
 * behind.
 */
public final class PathIds {

  private PathIds() {}

  /** The id, or {@link NotFound} when it cannot name a {@code what}. */
  public static long existing(String what, long id) {
    if (id < 1) {
      throw new NotFound(what, id);
    }
    return id;
  }
}
