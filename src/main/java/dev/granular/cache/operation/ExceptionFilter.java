package dev.granular.cache.operation;

import java.util.List;

/**
 * The spec's rule for the {@code cacheFor}/{@code noCacheFor}-style members: an exception matches
 * when it is an instance of an included class (or nothing is listed as included) and of no excluded
 * class. When both lists are empty the answer is {@code whenUnspecified}.
 */
public record ExceptionFilter(
    List<Class<? extends Throwable>> include,
    List<Class<? extends Throwable>> exclude,
    boolean whenUnspecified) {

  public static ExceptionFilter of(
      Class<? extends Throwable>[] include,
      Class<? extends Throwable>[] exclude,
      boolean whenUnspecified) {
    return new ExceptionFilter(List.of(include), List.of(exclude), whenUnspecified);
  }

  public boolean matches(Throwable thrown) {
    if (include.isEmpty() && exclude.isEmpty()) {
      return whenUnspecified;
    }
    boolean included = include.isEmpty() || include.stream().anyMatch(c -> c.isInstance(thrown));
    return included && exclude.stream().noneMatch(c -> c.isInstance(thrown));
  }
}
