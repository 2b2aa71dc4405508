package dev.granular.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The REST API lives under {@code /api}. Jersey's WADL is off: {@code OPTIONS} and {@code
 * /api/application.wadl} would otherwise describe every resource, the operators' endpoints
 * included, to anyone who asks.
 */
@ApplicationPath("api")
public class CatalogApplication extends Application {

  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.wadl.disableWadl", true);
  }
}
