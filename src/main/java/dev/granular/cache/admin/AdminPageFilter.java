package dev.granular.cache.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Puts the dashboard's static files behind the same credentials and realm as the admin API, so a
 * browser asks once and then sends them with the page's own calls to {@code /api/cache/*}.
 */
@WebFilter(urlPatterns = {"/dashboard", "/dashboard/*"})
public class AdminPageFilter extends HttpFilter {

  private final AdminCredentials credentials = AdminCredentials.configured();

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && credentials.accept(authorization)) {
      response.setHeader("Cache-Control", "no-store");
      if ("/dashboard".equals(request.getServletPath()) && request.getPathInfo() == null) {
        response.sendRedirect(request.getContextPath() + "/dashboard/");
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", AdminAuthenticationFilter.CHALLENGE);
    response.setContentType(AdminAuthenticationFilter.PROBLEM_JSON);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(AdminProblems.body(401, "The cache dashboard requires the admin credentials"));
  }
}
