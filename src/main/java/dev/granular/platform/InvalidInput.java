package dev.granular.platform;

/**
 * The request is well-formed but refers to something that cannot be used, such as an unknown
 * category: 400.
 */
public class InvalidInput extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidInput(String message) {
    super(message);
  }
}
