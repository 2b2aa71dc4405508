package dev.granular.cache.hot;

import java.lang.reflect.Method;
import java.util.List;

/**
 * A key served lately, the tags its entry depended on when it was, and how to read it again: the cached method, on
 * the bean's contextual reference (so every interceptor runs, ours included), with a copy of the arguments. Compared
 * by identity: a key retagged is a new {@code HotKey}.
 */
final class HotKey {

  private final Object key;
  private final List<String> tags;
  private final Object bean;
  private final Method method;
  private final Object[] arguments;

  HotKey(Object key, List<String> tags, Object bean, Method method, Object[] arguments) {
    this.key = key;
    this.tags = tags;
    this.bean = bean;
    this.method = method;
    this.arguments = arguments;
  }

  Object key() {
    return key;
  }

  List<String> tags() {
    return tags;
  }

  Method method() {
    return method;
  }

  HotKey withTags(List<String> current) {
    return new HotKey(key, current, bean, method, arguments);
  }

  /** Calls the cached method again, through its bean's proxy. */
  Object readAgain() throws ReflectiveOperationException {
    return method.invoke(bean, arguments.clone());
  }

  @Override
  public String toString() {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName() + " " + key;
  }
}
