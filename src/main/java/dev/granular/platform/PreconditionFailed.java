package dev.granular.platform;

/** The client's {@code If-Match} names a state that is no longer current: 412, and nothing was changed. */
public class PreconditionFailed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PreconditionFailed(String message) {
    super(message);
  }
}
