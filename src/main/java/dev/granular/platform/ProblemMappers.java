package dev.granular.platform;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every failure into an RFC 9457 problem response; bad input is a 4xx, never a 500. */
public final class ProblemMappers {

  private ProblemMappers() {}

  /**
   * A body cut off by {@link BodySizeLimit} surfaces wrapped in whatever was reading it: still a
   * 413.
   */
  static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BodySizeLimit.TooLarge) {
        return true;
      }
    }
    return false;
  }

  /**
   * A write that lost a race for the same row (its version changed since it was read), however the
   * transaction wrapped it: a 409, for the client to read again and retry, not a 500.
   */
  static boolean lostUpdate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // JPA's, or EclipseLink's own when it surfaces unwrapped at commit
      if (t.getClass().getSimpleName().equals("OptimisticLockException")) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message, shortened: it names the field that could not be read, never a stack. */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "not valid JSON" : root.getMessage();
    message = message.replaceAll("\\s+", " ").strip();
    return message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }

  @Provider
  public static class NotFoundMapper implements ExceptionMapper<NotFound> {
    @Override
    public Response toResponse(NotFound e) {
      return Problem.response(Status.NOT_FOUND, e.getMessage());
    }
  }

  @Provider
  public static class InvalidInputMapper implements ExceptionMapper<InvalidInput> {
    @Override
    public Response toResponse(InvalidInput e) {
      return Problem.response(Status.BAD_REQUEST, e.getMessage());
    }
  }

  @Provider
  public static class ConflictMapper implements ExceptionMapper<Conflict> {
    @Override
    public Response toResponse(Conflict e) {
      return Problem.response(Status.CONFLICT, e.getMessage());
    }
  }

  @Provider
  public static class PreconditionFailedMapper implements ExceptionMapper<PreconditionFailed> {
    @Override
    public Response toResponse(PreconditionFailed e) {
      return Problem.response(Status.PRECONDITION_FAILED, e.getMessage());
    }
  }

  @Provider
  public static class ValidationMapper implements ExceptionMapper<ConstraintViolationException> {
    @Override
    public Response toResponse(ConstraintViolationException e) {
      List<Problem.FieldError> errors =
          e.getConstraintViolations().stream()
              .map(v -> new Problem.FieldError(field(v), v.getMessage()))
              .sorted(Comparator.comparing(Problem.FieldError::field))
              .toList();
      return Problem.response(Status.BAD_REQUEST, "The request is not valid", errors);
    }

    /** The last path node: {@code create.arg0.price} becomes {@code price}. */
    private static String field(ConstraintViolation<?> violation) {
      String path = violation.getPropertyPath().toString();
      return path.substring(path.lastIndexOf('.') + 1);
    }
  }

  @Provider
  public static class JsonMapper implements ExceptionMapper<JsonbException> {
    @Override
    public Response toResponse(JsonbException e) {
      if (tooLarge(e)) {
        return BodySizeLimit.tooLarge();
      }
      return Problem.response(Status.BAD_REQUEST, "The body could not be read: " + rootMessage(e));
    }
  }

  @Provider
  public static class JsonParsingMapper implements ExceptionMapper<JsonParsingException> {
    @Override
    public Response toResponse(JsonParsingException e) {
      return Problem.response(Status.BAD_REQUEST, "The body is not valid JSON");
    }
  }

  @Provider
  public static class ProcessingMapper implements ExceptionMapper<ProcessingException> {
    @Override
    public Response toResponse(ProcessingException e) {
      if (tooLarge(e)) {
        return BodySizeLimit.tooLarge();
      }
      return Problem.response(Status.BAD_REQUEST, "The body could not be read: " + rootMessage(e));
    }
  }

  /**
   * JAX-RS's own errors (unknown path 404, wrong method 405, unsupported media type 415) keep their
   * status.
   */
  @Provider
  public static class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Status status = Status.fromStatusCode(e.getResponse().getStatus());
      if (status == null) {
        status = Status.BAD_REQUEST;
      }
      if (status.getFamily() == Response.Status.Family.SERVER_ERROR) {
        Logger.getLogger(ProblemMappers.class.getName()).log(Level.SEVERE, "Request failed", e);
      }
      return Problem.response(status, status.getReasonPhrase());
    }
  }

  @Provider
  public static class UnexpectedMapper implements ExceptionMapper<Exception> {
    private static final Logger LOG = Logger.getLogger(UnexpectedMapper.class.getName());

    @Override
    public Response toResponse(Exception e) {
      if (tooLarge(e)) {
        return BodySizeLimit.tooLarge();
      }
      if (lostUpdate(e)) {
        return Problem.response(
            Status.CONFLICT, "changed concurrently by another request; read it again and retry");
      }
      LOG.log(Level.SEVERE, "Unexpected failure", e);
      return Problem.response(Status.INTERNAL_SERVER_ERROR, "An unexpected error occurred");
    }
  }
}
