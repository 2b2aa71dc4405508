package dev.granular.support.arquillian;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.logging.Logger;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.test.spi.command.CommandCallback;
import org.jboss.arquillian.protocol.servlet5.ServletMethodExecutor;
import org.jboss.arquillian.protocol.servlet5.ServletProtocolConfiguration;

/**
 * Calls the in-container test servlet like Arquillian's executor, but waits up to {@link #PATIENCE}
 * (not 1 s) for an answer, and says why each attempt got none.
 *
 * <p>Why: on a loaded machine a whole in-container test class sometimes failed with "No result
 * returned", which Arquillian reports without the cause (refused connection? 404? 204?). Retrying
 * is safe only while the request cannot have run the test: a refused connection, a 404 (servlet not
 * there yet), a 204 or a 503. Anything else is returned or thrown at once, with its cause.
 */
final class PatientServletMethodExecutor extends ServletMethodExecutor {

  /**
   * How long to wait for an answer; system property {@code test.servlet.patience.seconds}, 60 by
   * default.
   */
  static final Duration PATIENCE =
      Duration.ofSeconds(Long.getLong("test.servlet.patience.seconds", 60));

  private static final Logger LOG = Logger.getLogger(PatientServletMethodExecutor.class.getName());

  PatientServletMethodExecutor(
      ServletProtocolConfiguration configuration,
      Collection<HTTPContext> contexts,
      CommandCallback callback) {
    super(configuration, contexts, callback);
  }

  @Override
  protected <T> T executeWithRetry(String url, Class<T> type) throws Exception {
    long started = System.nanoTime();
    long deadline = started + PATIENCE.toNanos();
    int attempts = 0;
    String reason;
    do {
      attempts++;
      Attempt<T> attempt = attempt(url, type);
      if (attempt.result() != null) {
        if (attempts > 1) {
          LOG.warning(() -> "Test servlet answered after " + attemptsAndTime(started) + ": " + url);
        }
        return attempt.result();
      }
      reason = attempt.noResultReason();
      String why = reason;
      int attemptNumber = attempts;
      if (attemptNumber == 1 || attemptNumber % 20 == 0) {
        LOG.warning(
            () ->
                "No result from the test servlet (attempt "
                    + attemptNumber
                    + "): "
                    + why
                    + " at "
                    + url);
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    throw new IllegalStateException(
        "No result from "
            + url
            + " after "
            + attempts
            + " attempts in "
            + PATIENCE
            + "; last: "
            + reason);
  }

  private static String attemptsAndTime(long started) {
    return Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms";
  }

  private <T> Attempt<T> attempt(String url, Class<T> type) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setUseCaches(false);
    connection.setDoInput(true);
    connection.setRequestMethod("GET");
    try {
      int status;
      try {
        status = connection.getResponseCode();
      } catch (ConnectException e) {
        return Attempt.none("connection refused (" + e.getMessage() + ")");
      } catch (IOException e) {
        // The request may have reached the servlet and run the test: say so instead of running it
        // twice.
        throw new IllegalStateException("Error launching test at " + url + ": " + e, e);
      }
      if (status == HttpURLConnection.HTTP_OK) {
        try (ObjectInputStream in = new ObjectInputStream(connection.getInputStream())) {
          Object result = in.readObject();
          if (!type.isInstance(result)) {
            throw new IllegalStateException(
                "Expected a " + type.getName() + " from " + url + " but got " + result);
          }
          return new Attempt<>(type.cast(result), null);
        }
      }
      if (status == HttpURLConnection.HTTP_NOT_FOUND
          || status == HttpURLConnection.HTTP_NO_CONTENT
          || status == HttpURLConnection.HTTP_UNAVAILABLE) {
        return Attempt.none("HTTP " + status);
      }
      throw new IllegalStateException(
          "Error launching test at "
              + url
              + ". Got "
              + status
              + " ("
              + connection.getResponseMessage()
              + ")");
    } finally {
      connection.disconnect();
    }
  }

  private record Attempt<T>(T result, String noResultReason) {
    static <T> Attempt<T> none(String reason) {
      return new Attempt<>(null, reason);
    }
  }
}
