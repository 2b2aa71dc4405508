package dev.granular.support.arquillian;

import org.jboss.arquillian.container.test.spi.client.protocol.Protocol;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.protocol.servlet5.v_5.ServletProtocol;

/**
 * Client-side Arquillian extension that replaces the Servlet 5.0 protocol with {@link
 * PatientServletProtocol} and supplies the test servlet's mapping when Payara Micro's connector
 * misread it ({@link TestServletMapping}).
 *
 * <p>Registered in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}; it
 * changes only how the test JVM finds and calls the test servlet, not what is deployed.
 */
public final class PatientServletExtension implements LoadableExtension {

  @Override
  public void register(ExtensionBuilder builder) {
    builder.override(Protocol.class, ServletProtocol.class, PatientServletProtocol.class);
    builder.observer(TestServletMapping.class);
  }
}
