package dev.granular.cache.operation;

import java.lang.annotation.Annotation;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;

/** One parameter of one call, as the JSR-107 SPIs see it. */
record InvocationParameter(ParameterDetails details, Object value)
    implements CacheInvocationParameter {

  @Override
  public Class<?> getRawType() {
    return details.rawType();
  }

  @Override
  public Object getValue() {
    return value;
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return details.annotations();
  }

  @Override
  public int getParameterPosition() {
    return details.position();
  }
}
