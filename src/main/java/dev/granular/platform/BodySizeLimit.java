package dev.granular.platform;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies over 1 MiB with 413 and a problem body: at once when {@code
 * Content-Length} announces more, and for a body of unknown length (chunked) as soon as reading
 * passes the limit. It runs before matching, so the size is checked before the path, the method or
 * the credentials. The listener's own limit ({@code server-config/pre-boot-commands.asadmin}) is
 * set higher, as a backstop only: Grizzly answers that one before any application code runs, with
 * an HTML page.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimit implements ContainerRequestFilter {

  public static final long MAX_BYTES = 1024 * 1024;

  @Override
  public void filter(ContainerRequestContext request) {
    if (announcedTooLarge(request.getHeaderString(HttpHeaders.CONTENT_LENGTH))) {
      request.abortWith(tooLarge());
      return;
    }
    request.setEntityStream(new Bounded(request.getEntityStream()));
  }

  static Response tooLarge() {
    return Problem.response(Status.REQUEST_ENTITY_TOO_LARGE, "The body is larger than 1 MiB");
  }

  static boolean announcedTooLarge(String contentLength) {
    if (contentLength == null) {
      return false;
    }
    try {
      // Some servers join a repeated header into a list ("39,39": Open Liberty 26, for a POST from
      // Java's HttpClient); RFC 9110 (8.6) lets a list of identical values stand for one. Different
      // values are refused like any malformed length.
      long length = -1;
      for (String value : contentLength.split(",")) {
        long parsed = Long.parseLong(value.strip());
        if (length >= 0 && parsed != length) {
          return true;
        }
        length = parsed;
      }
      return length > MAX_BYTES;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /**
   * Thrown while reading a body that turns out to be larger than the limit; answered 413 by the
   * problem mappers.
   */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("The body is larger than 1 MiB");
    }
  }

  /** Reads at most {@link #MAX_BYTES}; one byte more is an error, not a silent truncation. */
  private static final class Bounded extends FilterInputStream {
    private long count;

    Bounded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      counted(skipped);
      return skipped;
    }

    private void counted(long n) throws TooLarge {
      count += n;
      if (count > MAX_BYTES) {
        throw new TooLarge();
      }
    }
  }
}
