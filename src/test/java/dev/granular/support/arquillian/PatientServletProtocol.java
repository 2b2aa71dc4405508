package dev.granular.support.arquillian;

import java.util.Collection;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.test.spi.command.CommandCallback;
import org.jboss.arquillian.protocol.servlet5.ServletMethodExecutor;
import org.jboss.arquillian.protocol.servlet5.ServletProtocolConfiguration;
import org.jboss.arquillian.protocol.servlet5.v_5.ServletProtocol;

/**
 * The Servlet 5.0 protocol (same name, same packaging) with a {@link PatientServletMethodExecutor}.
 */
public final class PatientServletProtocol extends ServletProtocol {

  @Override
  public ServletMethodExecutor getExecutor(
      ServletProtocolConfiguration configuration,
      ProtocolMetaData metaData,
      CommandCallback callback) {
    Collection<HTTPContext> contexts = metaData.getContexts(HTTPContext.class);
    if (contexts.isEmpty()) {
      throw new IllegalArgumentException(
          "No HTTPContext found in ProtocolMetaData, cannot reach the test servlet");
    }
    return new PatientServletMethodExecutor(configuration, contexts, callback);
  }
}
