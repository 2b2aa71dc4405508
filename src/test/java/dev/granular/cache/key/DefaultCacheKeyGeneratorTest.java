package dev.granular.cache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheResult;
import org.junit.jupiter.api.Test;

/**
 * The default generator makes the key of the key parameters the context selected, in their order.
 */
class DefaultCacheKeyGeneratorTest {

  private final DefaultCacheKeyGenerator generator = new DefaultCacheKeyGenerator();

  @Test
  void theKeyIsTheValuesOfTheKeyParameters() {
    assertEquals(
        new ParametersCacheKey(new Object[] {42L, "en"}),
        generator.generateCacheKey(new KeyParameters(42L, "en")));
  }

  @Test
  void noKeyParametersMakeTheEmptyKey() {
    assertEquals(
        new ParametersCacheKey(new Object[0]), generator.generateCacheKey(new KeyParameters()));
  }

  @Test
  void nullValuesArePartOfTheKey() {
    assertEquals(
        new ParametersCacheKey(new Object[] {null, 1}),
        generator.generateCacheKey(new KeyParameters(null, 1)));
  }

  /** A context that only knows its key parameters, which is all the generator may read. */
  private record KeyParameters(Object... values) implements CacheKeyInvocationContext<CacheResult> {

    @Override
    public CacheInvocationParameter[] getKeyParameters() {
      CacheInvocationParameter[] parameters = new CacheInvocationParameter[values.length];
      for (int i = 0; i < values.length; i++) {
        parameters[i] = new Parameter(values[i], i);
      }
      return parameters;
    }

    @Override
    public CacheInvocationParameter getValueParameter() {
      return null;
    }

    @Override
    public Object getTarget() {
      throw new UnsupportedOperationException();
    }

    @Override
    public CacheInvocationParameter[] getAllParameters() {
      return getKeyParameters();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      throw new IllegalArgumentException();
    }

    @Override
    public Method getMethod() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Set<Annotation> getAnnotations() {
      return Set.of();
    }

    @Override
    public CacheResult getCacheAnnotation() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String getCacheName() {
      return "test";
    }
  }

  private record Parameter(Object value, int position) implements CacheInvocationParameter {

    @Override
    public Class<?> getRawType() {
      return value == null ? Object.class : value.getClass();
    }

    @Override
    public Object getValue() {
      return value;
    }

    @Override
    public Set<Annotation> getAnnotations() {
      return Set.of();
    }

    @Override
    public int getParameterPosition() {
      return position;
    }
  }
}
