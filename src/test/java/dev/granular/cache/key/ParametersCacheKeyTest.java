package dev.granular.cache.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Keys compare by the deep content of their parameters, in order, and never share their array. */
class ParametersCacheKeyTest {

  @Test
  void keysOfEqualParametersAreEqualAndHashAlike() {
    ParametersCacheKey one = new ParametersCacheKey(new Object[] {42L, "en"});
    ParametersCacheKey other = new ParametersCacheKey(new Object[] {42L, "en"});

    assertEquals(one, other);
    assertEquals(one.hashCode(), other.hashCode());
  }

  @Test
  void arrayParametersCompareByContent() {
    ParametersCacheKey one =
        new ParametersCacheKey(new Object[] {new int[] {1, 2}, new String[] {"a"}});
    ParametersCacheKey other =
        new ParametersCacheKey(new Object[] {new int[] {1, 2}, new String[] {"a"}});

    assertEquals(one, other);
    assertEquals(one.hashCode(), other.hashCode());
    assertNotEquals(
        one, new ParametersCacheKey(new Object[] {new int[] {2, 1}, new String[] {"a"}}));
  }

  @Test
  void orderMatters() {
    assertNotEquals(
        new ParametersCacheKey(new Object[] {1, 2}), new ParametersCacheKey(new Object[] {2, 1}));
  }

  @Test
  void differentLengthsDiffer() {
    assertNotEquals(
        new ParametersCacheKey(new Object[] {1}), new ParametersCacheKey(new Object[] {1, null}));
    assertNotEquals(
        new ParametersCacheKey(new Object[] {}), new ParametersCacheKey(new Object[] {1}));
  }

  @Test
  void aNumberAndItsDigitsDiffer() {
    assertNotEquals(
        new ParametersCacheKey(new Object[] {42}), new ParametersCacheKey(new Object[] {"42"}));
  }

  @Test
  void changingThePassedArrayLeavesTheKeyAlone() {
    Object[] parameters = {42L};
    ParametersCacheKey key = new ParametersCacheKey(parameters);
    int hash = key.hashCode();

    parameters[0] = 7L;

    assertEquals(new ParametersCacheKey(new Object[] {42L}), key);
    assertEquals(hash, key.hashCode());
  }

  @Test
  void changingTheReturnedArrayLeavesTheKeyAlone() {
    ParametersCacheKey key = new ParametersCacheKey(new Object[] {42L});

    key.parameters()[0] = 7L;

    assertEquals(42L, key.parameters()[0]);
    assertEquals(new ParametersCacheKey(new Object[] {42L}), key);
  }
}
