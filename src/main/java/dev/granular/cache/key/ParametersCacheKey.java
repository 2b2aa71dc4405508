package dev.granular.cache.key;

import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The key the default generator builds: the values of a method's key parameters, in order. Two keys
 * are equal when their parameters are deeply equal, so arrays compare by content.
 */
public record ParametersCacheKey(Object[] parameters) implements GeneratedCacheKey {

  public ParametersCacheKey {
    parameters = parameters.clone();
  }

  @Override
  public Object[] parameters() {
    return parameters.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ParametersCacheKey that
        && Arrays.deepEquals(parameters, that.parameters);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(parameters);
  }

  @Override
  public String toString() {
    return Arrays.deepToString(parameters);
  }
}
