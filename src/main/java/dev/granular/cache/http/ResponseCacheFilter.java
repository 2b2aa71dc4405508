package dev.granular.cache.http;

import dev.granular.cache.config.CacheSwitch;
import dev.granular.cache.tag.ReadDependencies;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.RuntimeDelegate;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves one {@link CachedResponse} method: the request filter answers from the cache or starts
 * capturing what the method reads; the response filter decides whether the answer may be kept; the
 * writer interceptor copies the body as it is written and stores it. See {@link CachedResponse} for
 * the rules.
 */
final class ResponseCacheFilter
    implements ContainerRequestFilter, ContainerResponseFilter, WriterInterceptor {

  private static final String PENDING = ResponseCacheFilter.class.getName() + ".pending";
  private static final String STATUS = "Cache-Status";
  static final String HIT = "granular; hit";
  static final String MISS = "granular; fwd=uri-miss";
  static final String BYPASS = "granular; fwd=request";

  private final ResponsePolicy policy;
  private volatile ResponseEntries entries;

  ResponseCacheFilter(ResponsePolicy policy) {
    this.policy = policy;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    boolean get = "GET".equals(request.getMethod());
    if (!get && !"HEAD".equals(request.getMethod()) || !CacheSwitch.enabled(policy.cacheName())) {
      return;
    }
    ClientDirectives directives =
        ClientDirectives.of(
            request.getHeaderString(HttpHeaders.CACHE_CONTROL), request.getHeaderString("Pragma"));
    UriInfo uri = request.getUriInfo();
    String entry =
        ResponseKey.of(
            uri.getRequestUri().getRawPath(),
            uri.getQueryParameters(),
            policy.vary(),
            request::getHeaderString);
    MultivaluedMap<String, String> path = uri.getPathParameters();
    MultivaluedMap<String, String> query = uri.getQueryParameters();
    Set<String> tags = policy.tagsOf(path::getFirst, query::getFirst);
    if (!directives.noCache() && !directives.noStore()) {
      StoredResponse hit = entries().lookup(policy, entry, tags);
      if (hit != null) {
        request.abortWith(answer(request, hit));
        return;
      }
    }
    boolean store = get && !directives.noStore();
    long clock = store ? entries().clock(policy) : -1;
    boolean credentials = request.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
    request.setProperty(
        PENDING,
        new Pending(
            entry,
            tags,
            clock,
            store ? ReadDependencies.open() : null,
            directives.noCache() || directives.noStore() ? BYPASS : MISS,
            credentials));
  }

  /**
   * A hit: the stored response, or 304 when its {@code ETag} matches {@code If-None-Match} (412
   * when it fails an {@code If-Match}).
   */
  private static Response answer(ContainerRequestContext request, StoredResponse hit) {
    String etag = hit.header(HttpHeaders.ETAG);
    Response.ResponseBuilder notModified = etag == null ? null : preconditionAnswer(request, etag);
    Response.ResponseBuilder answer;
    if (notModified != null) {
      answer = notModified;
      for (String name :
          List.of(
              HttpHeaders.ETAG,
              HttpHeaders.CACHE_CONTROL,
              HttpHeaders.EXPIRES,
              "Content-Location")) {
        String value = hit.header(name);
        if (value != null) {
          answer.header(name, value);
        }
      }
    } else {
      answer = Response.status(hit.status()).entity(hit.bytes());
      hit.headers().forEach((name, values) -> values.forEach(value -> answer.header(name, value)));
    }
    long age = Math.max(0, (System.currentTimeMillis() - hit.storedAt()) / 1000);
    return answer.header("Age", age).header(STATUS, HIT).build();
  }

  /**
   * The answer the request's preconditions call for instead of the stored response, or null to send
   * it. A revalidation ({@code If-None-Match} alone, or nothing) is a string comparison ({@link
   * IfNoneMatch}); only a request with {@code If-Match} goes through {@code
   * Request.evaluatePreconditions}, which costs an injection lookup and a parse of every
   * precondition header, and which every hit with an {@code ETag} paid before.
   */
  private static Response.ResponseBuilder preconditionAnswer(
      ContainerRequestContext request, String etag) {
    if (request.getHeaderString(HttpHeaders.IF_MATCH) != null) {
      return request.getRequest().evaluatePreconditions(EntityTag.valueOf(etag));
    }
    return IfNoneMatch.matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), opaque(etag))
        ? Response.notModified()
        : null;
  }

  /**
   * The opaque value of a stored {@code ETag} header: without a {@code W/} prefix and without its
   * quotes.
   */
  static String opaque(String etag) {
    String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
    return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
        ? tag.substring(1, tag.length() - 1)
        : tag;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    addVary(response.getHeaders());
    if (!(request.getProperty(PENDING) instanceof Pending pending)) {
      return;
    }
    if (pending.capture != null) {
      pending.capture
          .close(); // what the method read is known; the body writer reads nothing more from the
      // cache
    }
    entries().built(policy, System.nanoTime() - pending.started);
    response.getHeaders().putSingle(STATUS, pending.status);
    pending.storable =
        pending.capture != null
            && response.getStatus() == 200
            && response.hasEntity()
            && ResponseHeaders.storable(response.getHeaders(), pending.credentials);
  }

  private void addVary(MultivaluedMap<String, Object> headers) {
    String vary = ResponseHeaders.vary(headers.get(HttpHeaders.VARY), policy.vary());
    if (vary != null) {
      headers.putSingle(HttpHeaders.VARY, vary);
    }
  }

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    if (!(context.getProperty(PENDING) instanceof Pending pending) || !pending.storable) {
      context.proceed();
      return;
    }
    OutputStream original = context.getOutputStream();
    CopyingStream copy = new CopyingStream(original, policy.maxBodyBytes());
    context.setOutputStream(copy);
    try {
      context.proceed();
    } finally {
      context.setOutputStream(original);
    }
    if (copy.overflowed()) {
      return; // too large to keep
    }
    Map<String, List<String>> headers =
        ResponseHeaders.kept(context.getHeaders(), ResponseCacheFilter::text);
    if (context.getMediaType() != null) {
      headers.put(HttpHeaders.CONTENT_TYPE, List.of(context.getMediaType().toString()));
    }
    byte[] body = copy.copy();
    String text = utf8(body);
    entries()
        .store(
            policy,
            pending.entry,
            pending.tags,
            pending.capture,
            pending.clock,
            new StoredResponse(
                200,
                headers,
                text,
                text == null ? Base64.getEncoder().encodeToString(body) : null,
                System.currentTimeMillis(),
                List.of()));
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static String text(Object value) {
    if (value instanceof String string) {
      return string;
    }
    try {
      return RuntimeDelegate.getInstance()
          .createHeaderDelegate((Class) value.getClass())
          .toString(value);
    } catch (RuntimeException e) {
      return String.valueOf(value);
    }
  }

  private ResponseEntries entries() {
    ResponseEntries found = entries;
    if (found == null) {
      found = CDI.current().select(ResponseEntries.class).get();
      entries = found;
    }
    return found;
  }

  /** A request that missed: what storing its response needs. */
  private static final class Pending {
    final String entry;
    final Set<String> tags;
    final long clock;
    final ReadDependencies.Capture capture;
    final String status;
    final boolean credentials;
    final long started = System.nanoTime();
    volatile boolean storable;

    Pending(
        String entry,
        Set<String> tags,
        long clock,
        ReadDependencies.Capture capture,
        String status,
        boolean credentials) {
      this.entry = entry;
      this.tags = tags;
      this.clock = clock;
      this.capture = capture;
      this.status = status;
      this.credentials = credentials;
    }
  }
}
