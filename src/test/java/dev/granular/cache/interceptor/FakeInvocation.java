package dev.granular.cache.interceptor;

import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An interception of one method call on a plain object: {@link #proceed()} runs the real method
 * reflectively and rethrows what it throws. It counts proceeds, so a test can tell whether the
 * interceptor ran the method; passing the same invocation to an interceptor twice stands for two
 * identical calls.
 */
final class FakeInvocation implements InvocationContext {

  private final Object target;
  private final Method method;
  private final Map<String, Object> contextData = new HashMap<>();
  private Object[] parameters;
  private int proceeds;

  /** A call of the method of that name, which {@code target}'s class must declare exactly once. */
  FakeInvocation(Object target, String methodName, Object... parameters) {
    List<Method> named =
        Arrays.stream(target.getClass().getDeclaredMethods())
            .filter(m -> m.getName().equals(methodName))
            .toList();
    if (named.size() != 1) {
      throw new IllegalArgumentException(
          target.getClass() + " declares " + named.size() + " methods named " + methodName);
    }
    this.target = target;
    this.method = named.get(0);
    this.method.setAccessible(true);
    this.parameters = parameters.clone();
  }

  /** How often the interceptor let the call through to the method. */
  int proceeds() {
    return proceeds;
  }

  @Override
  public Object proceed() throws Exception {
    proceeds++;
    try {
      return method.invoke(target, parameters);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw (Exception) e.getCause();
    }
  }

  @Override
  public Object getTarget() {
    return target;
  }

  @Override
  public Method getMethod() {
    return method;
  }

  @Override
  public Object[] getParameters() {
    return parameters.clone();
  }

  @Override
  public void setParameters(Object[] parameters) {
    this.parameters = parameters.clone();
  }

  @Override
  public Map<String, Object> getContextData() {
    return contextData;
  }

  @Override
  public Object getTimer() {
    return null;
  }

  @Override
  public Constructor<?> getConstructor() {
    return null;
  }
}
