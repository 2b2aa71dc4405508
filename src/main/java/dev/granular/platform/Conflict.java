package dev.granular.platform;

/** The request clashes with the current state, such as a duplicate e-mail address: 409. */
public class Conflict extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public Conflict(String message) {
    super(message);
  }
}
