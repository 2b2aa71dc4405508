package dev.granular.cache.http;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds a {@link ResponseCacheFilter} to every resource method annotated {@link CachedResponse},
 * with its policy read once here. A malformed annotation fails the deployment, naming the method.
 */
@Provider
public class ResponseCacheFeature implements DynamicFeature {

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*(:[^}]*)?}");

  /**
   * After authentication and authorization (a refused request never reaches the cache) and before
   * other application filters; as a writer interceptor, inside entity encoders, so it keeps the
   * body as the resource wrote it.
   */
  static final int PRIORITY = Priorities.USER - 100;

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Method method = resource.getResourceMethod();
    CachedResponse annotation = method == null ? null : method.getAnnotation(CachedResponse.class);
    if (annotation == null) {
      return;
    }
    Set<String> parameters = new LinkedHashSet<>();
    addParameters(resource.getResourceClass().getAnnotation(Path.class), parameters);
    addParameters(method.getAnnotation(Path.class), parameters);
    String name = resource.getResourceClass().getName() + "." + method.getName();
    context.register(
        new ResponseCacheFilter(ResponsePolicy.of(annotation, parameters, name)),
        Map.of(
            ContainerRequestFilter.class, PRIORITY,
            ContainerResponseFilter.class, PRIORITY,
            WriterInterceptor.class, Priorities.ENTITY_CODER + 1000));
  }

  private static void addParameters(Path path, Set<String> parameters) {
    if (path != null) {
      Matcher parameter = PATH_PARAMETER.matcher(path.value());
      while (parameter.find()) {
        parameters.add(parameter.group(1));
      }
    }
  }
}
