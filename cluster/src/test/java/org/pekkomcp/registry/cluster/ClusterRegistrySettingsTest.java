/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every limit of {@code mcp.registry.cluster} at, below and above its bound, and the enum spellings. */
class ClusterRegistrySettingsTest {

  private static ClusterRegistrySettings with(String setting) {
    Config config = ConfigFactory.parseString(ClusterRegistrySettings.PATH + "." + setting).withFallback(ConfigFactory.load());
    return ClusterRegistrySettings.from(config);
  }

  @ParameterizedTest
  @ValueSource(strings = {"name-keys", "group-keys", "batch-size", "crdt-batch-size", "receptionist-mirror-limit"})
  void aCountIsAcceptedFromOneAndRejectedAtZeroAndBelow(String key) {
    with(key + " = 1");
    for (int bad : new int[] {0, -1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(key + " = " + bad));
      assertEquals(ClusterRegistrySettings.PATH + "." + key + " must be positive, got " + bad, e.getMessage());
    }
  }

  @Test
  void eachCountReadsIntoItsOwnField() {
    assertEquals(7, with("name-keys = 7").nameKeys());
    assertEquals(7, with("group-keys = 7").groupKeys());
    assertEquals(7, with("batch-size = 7").batchSize());
    assertEquals(7, with("crdt-batch-size = 7").crdtBatchSize());
    assertEquals(7, with("receptionist-mirror-limit = 7").receptionistMirrorLimit());
  }

  @Test
  void theRetryBackoffMaximumMayEqualTheMinimumButNotFallBelowIt() {
    ClusterRegistrySettings equal = with("retry-backoff-min = 50ms\n" + ClusterRegistrySettings.PATH + ".retry-backoff-max = 50ms");
    assertEquals(equal.retryBackoffMin(), equal.retryBackoffMax());
    with("retry-backoff-min = 50ms\n" + ClusterRegistrySettings.PATH + ".retry-backoff-max = 51ms");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> with("retry-backoff-min = 50ms\n" + ClusterRegistrySettings.PATH + ".retry-backoff-max = 49ms"));
    assertTrue(e.getMessage().contains("retry-backoff-max"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tick-interval", "digest-interval"})
  void anIntervalMustBePositive(String key) {
    assertEquals(Duration.ofMillis(1), key.equals("tick-interval") ? with(key + " = 1ms").tickInterval() : with(key + " = 1ms").digestInterval());
    for (String bad : new String[] {"0ms", "-1ms"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(key + " = " + bad));
      assertEquals(ClusterRegistrySettings.PATH + "." + key + " must be positive", e.getMessage());
    }
  }

  @Test
  void enumValuesAreReadInConfigSpellingWhateverTheCaseAndSpaces() {
    assertEquals(LoserPolicy.STOP_LOSER, with("loser-policy = \" Stop-Loser \"").loserPolicy());
    assertEquals(LoserPolicy.NOTIFY, with("loser-policy = notify").loserPolicy());
    assertEquals(WriteConsistency.ALL, with("write-consistency = all").writeConsistency());
    assertThrows(IllegalArgumentException.class, () -> with("write-consistency = most"));
  }

  @Test
  void theResolverIsInstantiatedByNameAndAnythingElseIsAClearError() {
    assertInstanceOf(OldestClaimWins.class, with("resolver = " + OldestClaimWins.class.getName()).resolver());
    for (String bad : new String[] {"no.such.Resolver", String.class.getName(), ConflictResolver.class.getName()}) {
      ClusterRegistrySettings settings = with("resolver = \"" + bad + "\"");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, settings::resolver);
      assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("ConflictResolver"), e.getMessage());
    }
  }
}
