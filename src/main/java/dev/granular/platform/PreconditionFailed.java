package dev.granular.platform;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;

/**
 * The client's {@code If-Match} names a state that is no longer current: 412, and nothing was
 * changed.
 */
public class PreconditionFailed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PreconditionFailed(String message) {
    super(message);
  }

  /**
   * Refuses a write when the request carries {@code If-Match} and it does not name {@code current},
   * the tag of {@code what}'s state as read inside the writing transaction; without {@code
   * If-Match} it accepts anything.
   */
  public static void unlessIfMatch(
      HttpHeaders headers, Request request, EntityTag current, String what) {
    if (headers.getHeaderString(HttpHeaders.IF_MATCH) != null
        && request.evaluatePreconditions(current) != null) {
      throw new PreconditionFailed(what + " changed since the If-Match tag was read");
    }
  }
}
