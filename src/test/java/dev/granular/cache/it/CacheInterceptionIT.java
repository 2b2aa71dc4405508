package dev.granular.cache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.granular.cache.interceptor.CachePutInterceptor;
import dev.granular.cache.interceptor.CacheRemoveAllInterceptor;
import dev.granular.cache.interceptor.CacheRemoveEntryInterceptor;
import dev.granular.cache.interceptor.CacheResultInterceptor;
import dev.granular.cache.redis.RedisConnection;
import dev.granular.support.Deployments;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InterceptionType;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.List;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RedissonClient;

/**
 * Inside Payara Micro: the JSR-107 annotations are served by this library's interceptors alone (Payara's own are
 * disabled), against the tests' real Redis.
 */
@ExtendWith(ArquillianExtension.class)
class CacheInterceptionIT {

  @Deployment
  static WebArchive deployment() {
    return Deployments.application("interception").addClasses(GreetingService.class, CacheInterceptionIT.Samples.class);
  }

  @Inject BeanManager beans;
  @Inject GreetingService greetings;
  @Inject RedisConnection redis;

  @Test
  void onlyOurInterceptorsServeTheAnnotations() throws Exception {
    assertInterceptors(Samples.annotation("result", CacheResult.class), CacheResultInterceptor.class);
    assertInterceptors(Samples.annotation("put", CachePut.class), CachePutInterceptor.class);
    assertInterceptors(Samples.annotation("remove", CacheRemove.class), CacheRemoveEntryInterceptor.class);
    assertInterceptors(Samples.annotation("removeAll", CacheRemoveAll.class), CacheRemoveAllInterceptor.class);
  }

  @Test
  void resultIsCachedInRedisAndRemoved() {
    RedissonClient client = redis.client();
    String name = "ada-" + System.nanoTime();
    int before = greetings.greetings();
    assertEquals("Hello, " + name, greetings.greet(name));
    assertEquals("Hello, " + name, greetings.greet(name));
    assertEquals(before + 1, greetings.greetings(), "the second call is a hit");
    Object stored = client.getMap("cache:v1:greetings").get("\"" + name + "\"");
    assertEquals("\"Hello, " + name + "\"", stored, "Redis holds the JSON value under a readable key");

    greetings.forget(name);
    assertNull(client.getMap("cache:v1:greetings").get("\"" + name + "\""));
    greetings.greet(name);
    assertEquals(before + 2, greetings.greetings(), "after @CacheRemove the method runs again");
  }

  @Test
  void nullResultNeitherFailsNorIsCached() {
    int before = greetings.lookups();
    assertNull(greetings.nothingFor("nobody"));
    assertNull(greetings.nothingFor("nobody"));
    assertEquals(before + 2, greetings.lookups());
  }

  private void assertInterceptors(Annotation binding, Class<?> expected) {
    List<Interceptor<?>> resolved = beans.resolveInterceptors(InterceptionType.AROUND_INVOKE, binding);
    assertEquals(
        List.of(expected),
        resolved.stream().map(Interceptor::getBeanClass).toList(),
        "interceptors bound to @" + binding.annotationType().getSimpleName());
  }

  /** Methods that only carry the annotations whose instances the test needs. */
  static class Samples {
    @CacheResult(cacheName = "samples")
    void result() {}

    @CachePut(cacheName = "samples")
    void put(@CacheValue String value) {}

    @CacheRemove(cacheName = "samples")
    void remove() {}

    @CacheRemoveAll(cacheName = "samples")
    void removeAll() {}

    static <A extends Annotation> A annotation(String method, Class<A> type) throws Exception {
      for (var candidate : Samples.class.getDeclaredMethods()) {
        if (candidate.getName().equals(method)) {
          return candidate.getAnnotation(type);
        }
      }
      throw new IllegalArgumentException(method);
    }
  }
}
