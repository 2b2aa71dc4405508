package dev.granular.bench.greeting;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/greetings/{name}}: the cached greeting; {@code GET /api/greetings/near/{name}}:
 * the same from a cache the benchmark gives a near copy; {@code GET /api/greetings}: how often the
 * method ran.
 */
@Path("greetings")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class GreetingResource {

  @Inject Greetings greetings;

  @GET
  @Path("{name}")
  public String greet(@PathParam("name") String name) {
    return greetings.greet(name);
  }

  @GET
  @Path("near/{name}")
  public String greetNear(@PathParam("name") String name) {
    return greetings.greetNear(name);
  }

  @GET
  public String calls() {
    return String.valueOf(greetings.calls());
  }

  /** The JAX-RS application of the greeting deployments. */
  @ApplicationPath("api")
  public static class GreetingApplication extends Application {}
}
