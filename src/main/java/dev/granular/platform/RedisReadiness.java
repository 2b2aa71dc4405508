package dev.granular.platform;

import dev.granular.cache.redis.RedisConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether Redis answers, under {@code /health/ready}. The application stays ready while
 * Redis is away: the cache fails open and the database serves every request, so the check reports
 * Redis's state as data only.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

  @Inject RedisConnection redis;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("redis")
        .up()
        .withData("redis", redis.isReachable() ? "up" : "down")
        .build();
  }
}
