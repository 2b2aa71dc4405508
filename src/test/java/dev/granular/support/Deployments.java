package dev.granular.support;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The deployments of the in-container tests: the application WAR as the build packaged it, plus
 * test helpers.
 */
public final class Deployments {

  private Deployments() {}

  /**
   * The packaged application, named {@code name}.war (its context root), with this package's
   * helpers.
   */
  public static WebArchive application(String name) {
    File war = new File(System.getProperty("test.war", "target/granular-cache.war"));
    return ShrinkWrap.create(WebArchive.class, name + ".war")
        .merge(ShrinkWrap.createFromZipFile(WebArchive.class, war))
        .addPackage(Deployments.class.getPackage());
  }
}
