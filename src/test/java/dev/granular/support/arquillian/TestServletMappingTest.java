package dev.granular.support.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.protocol.servlet5.ServletMethodExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mapping fallback against a real HTTP server standing in for Payara Micro's port. */
class TestServletMappingTest {

  private static final String RUNNER = ServletMethodExecutor.ARQUILLIAN_SERVLET_NAME;

  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // Like the deployed runner called without a test class: an error, but not a 404.
    server.createContext(
        "/cache-it" + ServletMethodExecutor.ARQUILLIAN_SERVLET_MAPPING,
        exchange -> {
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void aMissingMappingIsSuppliedAtTheArchivesContextRootWhenTheServletAnswers() throws IOException {
    HTTPContext context = new HTTPContext("10.0.0.9", server.getAddress().getPort());

    TestServletMapping.supplyRunnerIfMissing(context, "cache-it.war");

    Servlet runner = context.getServletByName(RUNNER);
    assertEquals("/cache-it", runner.getContextRoot());
    assertEquals(1, context.getServlets().size());
  }

  @Test
  void aDeploymentWhoseServletAnswers404FailsAtOnce() {
    HTTPContext context = new HTTPContext("127.0.0.1", server.getAddress().getPort());

    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> TestServletMapping.supplyRunnerIfMissing(context, "other.war"));

    assertTrue(failure.getMessage().contains("answers 404"), failure.getMessage());
    assertTrue(context.getServlets().isEmpty());
  }

  @Test
  void aMappingTheConnectorReadIsLeftAlone() throws IOException {
    HTTPContext context = new HTTPContext("127.0.0.1", server.getAddress().getPort());
    context.add(new Servlet(RUNNER, "/elsewhere"));

    TestServletMapping.supplyRunnerIfMissing(context, "cache-it.war");

    assertEquals(
        List.of("/elsewhere"),
        context.getServlets().stream().map(Servlet::getContextRoot).toList());
  }
}
