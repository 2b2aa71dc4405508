package dev.granular.cache.admin;

import jakarta.json.Json;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem responses of the admin endpoints, built here: the library has no problem type to
 * share.
 */
final class AdminProblems {

  private AdminProblems() {}

  static Response unauthorized(String detail) {
    return Response.fromResponse(response(401, detail, 0))
        .header(HttpHeaders.WWW_AUTHENTICATE, AdminAuthenticationFilter.CHALLENGE)
        .build();
  }

  /**
   * A problem with the status's standard title; {@code retryAfterSeconds} above 0 adds {@code
   * Retry-After}.
   */
  static Response response(int status, String detail, long retryAfterSeconds) {
    Response.ResponseBuilder builder =
        Response.status(status)
            .type(AdminAuthenticationFilter.PROBLEM_JSON)
            .entity(body(status, detail));
    if (retryAfterSeconds > 0) {
      builder.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
    }
    return builder.build();
  }

  /** The problem document for {@code status}, with the status's standard title. */
  static String body(int status, String detail) {
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title =
        status == 429 ? "Too Many Requests" : type == null ? "Error" : type.getReasonPhrase();
    return Json.createObjectBuilder()
        .add("type", "about:blank")
        .add("title", title)
        .add("status", status)
        .add("detail", detail)
        .build()
        .toString();
  }
}
