package dev.granular.cache.admin;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Lets a request reach an {@link AdminOnly} resource only with the admin credentials in HTTP Basic
 * form. Anything else gets 401 with {@code WWW-Authenticate: Basic realm="cache-admin"} and an RFC
 * 9457 problem body, built here because the library has no problem type of its own to share.
 */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthenticationFilter implements ContainerRequestFilter {

  static final String CHALLENGE = "Basic realm=\"cache-admin\"";
  static final String PROBLEM_JSON = "application/problem+json";

  private final AdminCredentials credentials = AdminCredentials.configured();

  @Override
  public void filter(ContainerRequestContext request) {
    String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      request.abortWith(unauthorized("The cache admin endpoints require credentials"));
    } else if (!credentials.accept(authorization)) {
      request.abortWith(unauthorized("The credentials are not valid"));
    }
  }

  private static Response unauthorized(String detail) {
    return AdminProblems.unauthorized(detail);
  }
}
