package dev.granular.cache.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches the whole response of a JAX-RS resource method (status, the headers that describe the
 * body, the body) in the cache {@link #cacheName}, like Django's {@code cache_page} but with the
 * guarantees of the rest of the library.
 *
 * <ul>
 *   <li><b>Key:</b> the path, the query (parameters sorted), the values of the {@code Vary} request
 *       headers ({@code Accept}, {@code Accept-Encoding} and {@link #vary}), and, for a request
 *       with {@code Authorization}, a hash of its credentials: such a request is only ever served
 *       its own entry. {@code HEAD} is served from the {@code GET} entry.
 *   <li><b>What is stored:</b> only a 200 answer to a {@code GET} with a body, without {@code
 *       Set-Cookie}, not marked {@code no-store} (nor {@code private}, unless the request carried
 *       credentials).
 *   <li><b>Tags:</b> the entry depends on every cached value the method read or loaded through
 *       {@code @CacheResult} while it ran (their declared and implicit tags) and on {@link #tags};
 *       any write that voids one of them voids the response, on every instance. It is stored only
 *       if none of them was invalidated while the response was built (the stale-set guard), and not
 *       at all if a part could not be tracked (a cache switched off, say).
 *   <li><b>Client directives:</b> {@code Cache-Control: no-cache} (or {@code Pragma: no-cache})
 *       skips the lookup and refreshes the entry; {@code no-store} neither reads nor writes it.
 *   <li><b>Conditional requests:</b> a hit answers {@code If-None-Match} with 304 when the stored
 *       {@code ETag} matches.
 *   <li>Responses say what happened in {@code Cache-Status} (RFC 9211): {@code granular; hit} (with
 *       {@code Age}), {@code granular; fwd=uri-miss}, {@code granular; fwd=request} (the client
 *       asked to bypass).
 * </ul>
 *
 * Only for synchronous resource methods: the parts are seen on the thread that runs the method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CachedResponse {

  /**
   * The cache that holds the responses; its settings ({@code cache.<name>.*}) apply as to any
   * cache.
   */
  String cacheName();

  /**
   * How long a response lives (e.g. {@code 30s}, {@code 5m}, {@code PT1H}), unless {@code
   * cache.<name>.ttl} is set; empty: {@code cache.default.ttl}, else 10 minutes.
   */
  String ttl() default "";

  /**
   * Tags the response depends on besides those of the cached values it reads, with {@code {name}}
   * standing for a path parameter of the method ({@code category:{id}}), or a query parameter when
   * no path parameter has that name.
   */
  String[] tags() default {};

  /**
   * Request headers that select a representation besides {@code Accept} and {@code
   * Accept-Encoding}.
   */
  String[] vary() default {};
}
