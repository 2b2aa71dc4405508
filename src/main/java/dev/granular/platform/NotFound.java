package dev.granular.platform;

/** A requested resource does not exist: answered 404. */
public class NotFound extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NotFound(String what, Object id) {
    super(what + " " + id + " does not exist");
  }
}
