package dev.granular.cache.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IfNoneMatchTest {

  private static final String TAG = "xyzzy123";

  @Test
  void theTagItselfMatches() {
    assertTrue(IfNoneMatch.matches("\"xyzzy123\"", TAG));
  }

  @Test
  void aWeakTagMatchesTheStrongOneItNames() {
    assertTrue(IfNoneMatch.matches("W/\"xyzzy123\"", TAG), "If-None-Match compares weakly");
  }

  @Test
  void anyMemberOfAListMatchesWithWhiteSpaceAround() {
    assertTrue(IfNoneMatch.matches("\"other\", \"xyzzy123\"", TAG));
    assertTrue(IfNoneMatch.matches("\"other\",\t W/\"xyzzy123\" ", TAG));
    assertTrue(IfNoneMatch.matches("\"xyzzy123\",\"other\"", TAG));
  }

  @Test
  void aStarMatchesAnyTag() {
    assertTrue(IfNoneMatch.matches("*", TAG));
    assertTrue(IfNoneMatch.matches(" * ", TAG));
  }

  @Test
  void otherTagsAndNoHeaderDoNotMatch() {
    assertFalse(IfNoneMatch.matches(null, TAG));
    assertFalse(IfNoneMatch.matches("", TAG));
    assertFalse(IfNoneMatch.matches("\"other\"", TAG));
    assertFalse(IfNoneMatch.matches("\"xyzzy1234\"", TAG), "a longer tag");
    assertFalse(IfNoneMatch.matches("\"xyzzy12\"", TAG), "a prefix");
    assertFalse(IfNoneMatch.matches("\"XYZZY123\"", TAG), "tags are case-sensitive");
  }

  @Test
  void malformedValuesNameNothing() {
    assertFalse(IfNoneMatch.matches("xyzzy123", TAG), "unquoted");
    assertFalse(IfNoneMatch.matches("\"xyzzy123", TAG), "unterminated");
    assertFalse(IfNoneMatch.matches("w/\"xyzzy123\"", TAG), "the weak prefix is case-sensitive");
    assertFalse(IfNoneMatch.matches("**", TAG));
    assertFalse(IfNoneMatch.matches(",,", TAG));
    assertFalse(IfNoneMatch.matches("\"\"", TAG));
    assertFalse(IfNoneMatch.matches("\"x,\"xyzzy123\"", TAG), "the tag \"x,\" then no separator");
  }

  @Test
  void aTagMayHoldACommaAndStillBeFollowedByOurs() {
    assertTrue(IfNoneMatch.matches("\"a,b\", \"xyzzy123\"", TAG));
    assertFalse(IfNoneMatch.matches("\"a,xyzzy123\"", TAG));
  }
}
