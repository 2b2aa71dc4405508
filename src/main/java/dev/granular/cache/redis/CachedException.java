package dev.granular.cache.redis;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How an exception is kept in an exception cache: its class name and message, never the serialized
 * object. It is rebuilt only as a {@link Throwable} subclass that the operation allows ({@code
 * cachedExceptions} / {@code nonCachedExceptions}) and the method may throw, through its {@code
 * (String)} or no-argument constructor; anything else is ignored, so a value written to Redis can
 * never choose an arbitrary class to instantiate.
 */
public record CachedException(String type, String message) {

  public static CachedException of(Throwable thrown) {
    return new CachedException(thrown.getClass().getName(), thrown.getMessage());
  }

  /** The exception to rethrow, or empty when it cannot or may not be rebuilt. */
  public Optional<Throwable> rebuild(Method method, Predicate<Throwable> allowed) {
    try {
      Class<?> loaded = Class.forName(type, false, method.getDeclaringClass().getClassLoader());
      if (!Throwable.class.isAssignableFrom(loaded) || !throwableBy(method, loaded)) {
        return Optional.empty();
      }
      Throwable rebuilt = instantiate(loaded.asSubclass(Throwable.class));
      return allowed.test(rebuilt) ? Optional.of(rebuilt) : Optional.empty();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean throwableBy(Method method, Class<?> type) {
    return RuntimeException.class.isAssignableFrom(type)
        || Error.class.isAssignableFrom(type)
        || Arrays.stream(method.getExceptionTypes())
            .anyMatch(declared -> declared.isAssignableFrom(type));
  }

  private Throwable instantiate(Class<? extends Throwable> type)
      throws ReflectiveOperationException {
    try {
      Constructor<? extends Throwable> withMessage = type.getConstructor(String.class);
      return withMessage.newInstance(message);
    } catch (NoSuchMethodException e) {
      return type.getConstructor().newInstance();
    }
  }
}
