package dev.granular.cache.operation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;

/** One call of an annotated method: the context handed to key generators and cache resolvers. */
public final class CacheInvocation<A extends Annotation> implements CacheKeyInvocationContext<A> {

  private final CacheOperation<A> operation;
  private final Object target;
  private final Object[] arguments;

  CacheInvocation(CacheOperation<A> operation, Object target, Object[] arguments) {
    this.operation = operation;
    this.target = target;
    this.arguments = arguments;
  }

  @Override
  public Method getMethod() {
    return operation.getMethod();
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return operation.getAnnotations();
  }

  @Override
  public A getCacheAnnotation() {
    return operation.getCacheAnnotation();
  }

  @Override
  public String getCacheName() {
    return operation.getCacheName();
  }

  @Override
  public Object getTarget() {
    return target;
  }

  @Override
  public CacheInvocationParameter[] getAllParameters() {
    return parameters(operation.allPositions());
  }

  @Override
  public CacheInvocationParameter[] getKeyParameters() {
    return parameters(operation.keyPositions());
  }

  @Override
  public CacheInvocationParameter getValueParameter() {
    int position = operation.valuePosition();
    return position < 0 ? null : parameter(position);
  }

  /** The value of the {@code @CacheValue} parameter of this call. */
  public Object value() {
    return arguments[operation.valuePosition()];
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a cache invocation to " + type.getName());
  }

  private CacheInvocationParameter[] parameters(int[] positions) {
    CacheInvocationParameter[] result = new CacheInvocationParameter[positions.length];
    for (int i = 0; i < positions.length; i++) {
      result[i] = parameter(positions[i]);
    }
    return result;
  }

  private CacheInvocationParameter parameter(int position) {
    return new InvocationParameter(operation.parameter(position), arguments[position]);
  }
}
