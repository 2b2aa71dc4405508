package dev.granular.support.arquillian;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.protocol.servlet5.ServletMethodExecutor;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Supplies the test servlet's mapping when Payara Micro's Arquillian connector reported none, after
 * checking that the servlet really answers.
 *
 * <p>Why: the connector (arquillian-payara-micro-managed 3.1) polls Payara's console every 200 ms
 * and keeps the text it read as soon as the "Instance Configuration" block shows its HTTPS line;
 * the list of deployed servlets comes after that line. On a loaded machine the poll can land
 * mid-block: the connector then parses a half-printed list, finds no servlet, and every test of the
 * deployment fails with "ArquillianServletRunnerEE9 not found" although the application is deployed
 * (a CI run lost a whole class that way). Payara Micro names the context root after the deployed
 * file, so the mapping is known; the probe makes sure a deployment that really failed still fails
 * here, at once, instead of each test waiting for a servlet that will never answer.
 */
public final class TestServletMapping {

  private static final Logger LOG = Logger.getLogger(TestServletMapping.class.getName());
  private static final int PROBE_TIMEOUT_MILLIS = 30_000;

  @Inject private Instance<ProtocolMetaData> protocolMetaData;

  /** Adds the runner servlet to every HTTP context of a new testable deployment that lacks it. */
  public void afterDeploy(@Observes AfterDeploy event) throws IOException {
    ProtocolMetaData metaData = protocolMetaData.get();
    DeploymentDescription deployment = event.getDeployment();
    if (metaData == null || !deployment.isArchiveDeployment() || !deployment.testable()) {
      return; // a client-only deployment (testable = false) has no test servlet to find
    }
    Archive<?> archive =
        deployment.getTestableArchive() != null
            ? deployment.getTestableArchive()
            : deployment.getArchive();
    for (HTTPContext context : metaData.getContexts(HTTPContext.class)) {
      supplyRunnerIfMissing(context, archive.getName());
    }
  }

  /**
   * If {@code context} lists no test servlet, checks that it answers at the context root Payara
   * Micro gives a file named {@code archiveName}, and adds it.
   *
   * @throws IllegalStateException if the servlet does not answer there: the deployment failed
   */
  static void supplyRunnerIfMissing(HTTPContext context, String archiveName) throws IOException {
    String runner = ServletMethodExecutor.ARQUILLIAN_SERVLET_NAME;
    if (context.getServletByName(runner) != null) {
      return;
    }
    String contextRoot = "/" + archiveName.replaceFirst("\\.[^.]+$", "");
    URI probe =
        URI.create(
            "http://127.0.0.1:"
                + context.getPort()
                + contextRoot
                + ServletMethodExecutor.ARQUILLIAN_SERVLET_MAPPING);
    int status = statusOf(probe);
    if (status == HttpURLConnection.HTTP_NOT_FOUND) {
      throw new IllegalStateException(
          "The connector found no servlet in "
              + archiveName
              + " and "
              + probe
              + " answers 404: the deployment failed; see Payara Micro's log above");
    }
    LOG.warning(
        () ->
            "The connector read no servlet mapping for "
                + archiveName
                + " (Payara's console was read"
                + " mid-print); "
                + probe
                + " answers HTTP "
                + status
                + ", so the test servlet is used at "
                + contextRoot);
    context.add(new Servlet(runner, contextRoot));
  }

  private static int statusOf(URI uri) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(PROBE_TIMEOUT_MILLIS);
    connection.setReadTimeout(PROBE_TIMEOUT_MILLIS);
    try {
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }
}
