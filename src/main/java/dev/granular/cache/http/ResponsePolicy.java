package dev.granular.cache.http;

import dev.granular.cache.config.Settings;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one resource method's responses are cached: {@link CachedResponse} read once, when the
 * application starts.
 *
 * @param cacheName the cache
 * @param ttl the annotation's TTL, or null to leave it to configuration
 * @param tags the tag templates
 * @param vary the request headers the key varies on, {@code Accept} and {@code Accept-Encoding}
 *     first
 * @param maxBodyBytes responses with a longer body are not stored ({@code
 *     cache.<name>.max-body-bytes}, 1 MiB)
 */
record ResponsePolicy(
    String cacheName, Duration ttl, List<String> tags, List<String> vary, int maxBodyBytes) {

  private static final Pattern PARAMETER = Pattern.compile("\\{([^{}]+)}");

  /**
   * The policy of {@code annotation} on a method whose path declares {@code pathParameters}; a tag
   * naming any other parameter is refused here, at deployment, rather than on the first request.
   */
  static ResponsePolicy of(CachedResponse annotation, Set<String> pathParameters, String method) {
    if (annotation.cacheName().isBlank()) {
      throw new IllegalArgumentException("@CachedResponse on " + method + " needs a cacheName");
    }
    for (String template : annotation.tags()) {
      Matcher parameter = PARAMETER.matcher(template);
      while (parameter.find()) {
        if (!pathParameters.contains(parameter.group(1))
            && !parameter.group(1).startsWith("query.")) {
          throw new IllegalArgumentException(
              "@CachedResponse on "
                  + method
                  + ": tag "
                  + template
                  + " names {"
                  + parameter.group(1)
                  + "}, which is not a path parameter of "
                  + pathParameters
                  + " (use {query.<name>} for a query one)");
        }
      }
    }
    Set<String> vary = new LinkedHashSet<>(ResponseKey.ALWAYS_VARY);
    for (String header : annotation.vary()) {
      if (vary.stream().noneMatch(header::equalsIgnoreCase)) {
        vary.add(header);
      }
    }
    Duration ttl =
        annotation.ttl().isBlank()
            ? null
            : Settings.parseDuration("@CachedResponse(ttl) on " + method, annotation.ttl(), null);
    if (!annotation.ttl().isBlank() && ttl == null) {
      throw new IllegalArgumentException(
          "@CachedResponse on "
              + method
              + ": ttl="
              + annotation.ttl()
              + " is not a duration (30s, 5m, PT1H)");
    }
    int maxBody =
        (int) Settings.getLong("cache." + annotation.cacheName() + ".max-body-bytes", 1 << 20);
    return new ResponsePolicy(
        annotation.cacheName(), ttl, List.of(annotation.tags()), List.copyOf(vary), maxBody);
  }

  /**
   * The tags of one request: each template with its parameters filled in ({@code path} and {@code
   * query} values).
   */
  Set<String> tagsOf(Function<String, String> path, Function<String, String> query) {
    Set<String> resolved = new LinkedHashSet<>();
    for (String template : tags) {
      Matcher parameter = PARAMETER.matcher(template);
      StringBuilder tag = new StringBuilder();
      while (parameter.find()) {
        String name = parameter.group(1);
        String value =
            name.startsWith("query.") ? query.apply(name.substring(6)) : path.apply(name);
        parameter.appendReplacement(tag, Matcher.quoteReplacement(value == null ? "" : value));
      }
      parameter.appendTail(tag);
      resolved.add(tag.toString());
    }
    return resolved;
  }
}
