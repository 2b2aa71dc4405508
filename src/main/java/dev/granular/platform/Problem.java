package dev.granular.platform;

import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} lists field-level messages for validation failures and
 * is left out of the JSON when empty.
 */
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** One invalid input field and what is wrong with it. */
  public record FieldError(String field, String message) {}

  public static Response response(Response.Status status, String detail) {
    return response(status, detail, null);
  }

  public static Response response(Response.Status status, String detail, List<FieldError> errors) {
    Problem problem =
        new Problem(
            "about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, errors);
    return Response.status(status).type(MEDIA_TYPE).entity(problem).build();
  }
}
