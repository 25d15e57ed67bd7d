/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.junit.jupiter.api.Test;

/** The reference.conf gives Sharding what failover needs, and bad settings are refused with their name. */
class PlacementSettingsTest {

  private final Config reference = ConfigFactory.load();

  @Test
  void serversAreRememberedInMemoryAndRebalancedInOneRound() {
    PlacementSettings settings = PlacementSettings.from(reference);
    ClusterShardingSettings sharding = settings.shardingSettings();
    assertTrue(sharding.rememberEntities());
    assertEquals(ClusterShardingSettings.RememberEntitiesStoreModeDData$.MODULE$, sharding.rememberEntitiesStoreMode());
    assertEquals(20, sharding.tuningParameters().leastShardAllocationAbsoluteLimit());
    assertEquals(1.0, sharding.tuningParameters().leastShardAllocationRelativeLimit());
    assertTrue(reference.getStringList("pekko.cluster.sharding.distributed-data.durable.keys").isEmpty());
    assertEquals(Backoff.of(Duration.ofMillis(100), Duration.ofSeconds(5)), settings.restartBackoff());
    assertEquals(Duration.ofMillis(500), settings.handOffDrain());
  }

  @Test
  void aDrainOutsideZeroToTheHandOffTimeoutIsRefusedWithItsName() {
    for (String drain : new String[] {"-1ms", "10s", "1m"}) {
      Config bad = ConfigFactory.parseString("mcp.sharding.hand-off-drain = " + drain).withFallback(reference);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlacementSettings.from(bad));
      assertTrue(e.getMessage().contains("mcp.sharding.hand-off-drain"), e.getMessage());
    }
    Config none = ConfigFactory.parseString("mcp.sharding.hand-off-drain = 0s").withFallback(reference);
    assertEquals(Duration.ZERO, PlacementSettings.from(none).handOffDrain());
  }

  @Test
  void aNonPositiveTimeoutIsRefusedWithItsName() {
    Config bad = ConfigFactory.parseString("mcp.sharding.hand-off-timeout = 0s").withFallback(reference);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlacementSettings.from(bad));
    assertTrue(e.getMessage().contains("mcp.sharding.hand-off-timeout"), e.getMessage());
  }
}
