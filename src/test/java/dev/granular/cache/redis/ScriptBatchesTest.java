package dev.granular.cache.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;

class ScriptBatchesTest {

  @Test
  void aForgottenScriptIsToldApartFromOtherFailures() {
    RedisNoScriptException noScript = new RedisNoScriptException("NOSCRIPT No matching script");

    assertTrue(ScriptBatches.forgotScript(noScript));
    assertTrue(
        ScriptBatches.forgotScript(new CompletionException(noScript)),
        "as the cause of a failed future");
    assertFalse(ScriptBatches.forgotScript(new RedisException("ERR wrong number of arguments")));
    assertFalse(ScriptBatches.forgotScript(new IllegalStateException()));
  }
}
