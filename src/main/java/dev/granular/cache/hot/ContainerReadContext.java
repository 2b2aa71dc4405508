package dev.granular.cache.hot;

import jakarta.enterprise.concurrent.ContextService;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * What a background read takes from the container, when there is one: the application's component
 * context (captured on a thread of the application) and a transaction of its own, rolled back after
 * the read. Outside a container (plain CDI) neither is found, and the read runs as it is.
 */
final class ContainerReadContext {

  private static final Logger LOG = Logger.getLogger(BackgroundReads.class.getName());

  private ContainerReadContext() {}

  /**
   * The container's transaction for one read, or null outside a container. A read inside a
   * transaction gets a JPA {@code EntityManager} of its own, closed with it; without one, Payara
   * keeps a non-transactional one per component context, and the context this thread runs in
   * (captured once) would hand every read the one it closed after the first. Nothing is written, so
   * the transaction is rolled back.
   */
  static UserTransaction transaction() {
    try {
      return (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
    } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
      return null;
    }
  }

  static void end(UserTransaction transaction) {
    if (transaction == null) {
      return;
    }
    try {
      if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
        transaction.rollback();
      }
    } catch (Exception e) {
      LOG.log(Level.FINE, e, () -> "Background read: its transaction did not end cleanly");
    }
  }

  /**
   * {@code run} in the application component's context, captured now (on a thread of the
   * application), so the background thread can look up the container's {@code UserTransaction} and
   * use the application's persistence units. That context alone does not give each read a fresh JPA
   * {@code EntityManager}: reads after the first failed with a closed one until each ran in a
   * transaction of its own ({@link #transaction()}); the same happened on a thread of the
   * container's managed thread factory. Outside a container (plain CDI) the read runs as it is.
   */
  @SuppressWarnings("unchecked")
  static Consumer<Runnable> inComponentContext(Consumer<Runnable> run) {
    try {
      ContextService context =
          (ContextService) new InitialContext().lookup("java:comp/DefaultContextService");
      return context.createContextualProxy(run, Consumer.class);
    } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
      return run;
    }
  }
}
