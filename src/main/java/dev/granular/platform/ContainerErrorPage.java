package dev.granular.platform;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The web container's own errors as problem details, through the default error page in {@code
 * WEB-INF/web.xml}: the 404 of a path outside the API (such as {@code
 * /api/products/..%2F..%2Fcache} once decoded), for instance. Errors that Payara answers before the
 * application sees the request (a malformed URL, a body above the listener's limit) never get here.
 */
@WebServlet(ContainerErrorPage.PATH)
public class ContainerErrorPage extends HttpServlet {

  static final String PATH = "/error";
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer value ? value : HttpServletResponse.SC_NOT_FOUND;
    Status known = Status.fromStatusCode(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String problem =
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status)
            .add("detail", title)
            .build()
            .toString();
    response.setStatus(status);
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(problem);
  }
}
