package dev.granular.cache.hot;

import java.lang.reflect.Method;

/**
 * A cached method's call, kept to be made again later on a background thread: the bean's contextual
 * reference (so every interceptor runs, ours included), the method, and a copy of the arguments.
 */
public final class BackgroundRead {

  private final Object bean;
  private final Method method;
  private final Object[] arguments;

  BackgroundRead(Object bean, Method method, Object[] arguments) {
    this.bean = bean;
    this.method = method;
    this.arguments = arguments;
  }

  Method method() {
    return method;
  }

  /** Makes the call again, through the bean's proxy, with a copy of the arguments kept. */
  Object call() throws ReflectiveOperationException {
    return method.invoke(bean, arguments.clone());
  }

  @Override
  public String toString() {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName();
  }
}
