package dev.granular.cache.operation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Set;

/** What the operation knows of one method parameter, independent of any call. */
record ParameterDetails(
    Class<?> rawType, Type genericType, Set<Annotation> annotations, int position) {

  boolean isAnnotated(Class<? extends Annotation> type) {
    return annotations.stream().anyMatch(type::isInstance);
  }
}
