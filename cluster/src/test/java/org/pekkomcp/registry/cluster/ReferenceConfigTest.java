/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The defaults the module promises actually win over Pekko's own reference.conf (whose values
 * for the same keys could shadow ours, depending on classpath order), and every setting parses.
 */
class ReferenceConfigTest {

  private final Config config = ConfigFactory.load();

  @Test
  void splitBrainResolverAndFailureDetectorRemoveACrashedNodeInSeconds() {
    assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider", config.getString("pekko.cluster.downing-provider-class"));
    assertEquals("keep-majority", config.getString("pekko.cluster.split-brain-resolver.active-strategy"));
    assertEquals(Duration.ofSeconds(1), config.getDuration("pekko.cluster.split-brain-resolver.stable-after"));
    assertEquals(Duration.ofMillis(500), config.getDuration("pekko.cluster.failure-detector.heartbeat-interval"));
    assertEquals(Duration.ofMillis(1500), config.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause"));
  }

  @Test
  void theRegistryHasItsOwnReplicatorAndLeavesTheApplicationsAlone() {
    assertEquals("mcpRegistryReplicator", config.getString("mcp.registry.cluster.distributed-data.name"));
    assertEquals(Duration.ofSeconds(20), config.getDuration("mcp.registry.cluster.distributed-data.gossip-interval"));
    assertEquals(50, config.getInt("mcp.registry.cluster.distributed-data.max-delta-elements"));
    assertFalse(config.getBoolean("mcp.registry.cluster.distributed-data.delta-crdt.enabled"));
    Config appWithRoleAndDurableData = ConfigFactory.load(ConfigFactory.parseString(
        "pekko.cluster.distributed-data { role = backend, durable.keys = [\"*\"] }"));
    assertEquals("", appWithRoleAndDurableData.getString("mcp.registry.cluster.distributed-data.role"));
    assertEquals(java.util.List.of(), appWithRoleAndDurableData.getStringList("mcp.registry.cluster.distributed-data.durable.keys"));
    assertEquals(Duration.ofSeconds(20), appWithRoleAndDurableData.getDuration("mcp.registry.cluster.distributed-data.gossip-interval"));
    assertTrue(config.getStringList("pekko.remote.artery.large-message-destinations").contains("/system/mcpRegistryReplicator"));
    // Pekko's own defaults for the application's replicator, untouched.
    assertEquals("ddataReplicator", config.getString("pekko.cluster.distributed-data.name"));
    assertEquals(Duration.ofSeconds(2), config.getDuration("pekko.cluster.distributed-data.gossip-interval"));
    assertTrue(config.getBoolean("pekko.cluster.distributed-data.delta-crdt.enabled"));
    assertEquals(500, config.getInt("pekko.cluster.distributed-data.max-delta-elements"));
  }

  @Test
  void gossipAndNotifyIntervalsAreSetForTheReceptionist() {
    assertEquals(Duration.ofMillis(200), config.getDuration("pekko.cluster.typed.receptionist.distributed-data.gossip-interval"));
    assertEquals(Duration.ofMillis(20), config.getDuration("pekko.cluster.typed.receptionist.distributed-data.notify-subscribers-interval"));
  }

  @Test
  void everyRegistrySettingParses() {
    ClusterRegistrySettings settings = ClusterRegistrySettings.from(config);
    assertEquals(WriteConsistency.MAJORITY, settings.writeConsistency());
    assertEquals(LoserPolicy.NOTIFY, settings.loserPolicy());
    assertEquals(4096, settings.nameKeys());
    assertInstanceOf(OldestClaimWins.class, settings.resolver());
    assertEquals(LoserPolicy.STOP_LOSER, ClusterRegistrySettings.from(
        ConfigFactory.parseString("mcp.registry.cluster.loser-policy = stop-loser").withFallback(config)).loserPolicy());
    assertThrows(IllegalArgumentException.class, () -> ClusterRegistrySettings.from(
        ConfigFactory.parseString("mcp.registry.cluster.resolver = java.lang.String").withFallback(config)).resolver());
    assertThrows(IllegalArgumentException.class, () -> ClusterRegistrySettings.from(
        ConfigFactory.parseString("mcp.registry.cluster.name-keys = 0").withFallback(config)));
  }

  @Test
  void majorityNeedsMoreThanHalf() {
    assertEquals(1, WriteConsistency.MAJORITY.required(1));
    assertEquals(2, WriteConsistency.MAJORITY.required(2));
    assertEquals(2, WriteConsistency.MAJORITY.required(3));
    assertEquals(3, WriteConsistency.MAJORITY.required(4));
    assertEquals(4, WriteConsistency.ALL.required(4));
    assertEquals(1, WriteConsistency.LOCAL.required(4));
  }
}
