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
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module's reference.conf keeps to its own namespace, the defaults it promises win over
 * Pekko's own reference.conf (whose values for the same keys could shadow ours, depending on
 * class path order), the fast-failover file sets what it says, and every setting parses.
 */
class ReferenceConfigTest {

  private final Config config = ConfigFactory.load();

  @Test
  void outsideMcpTheModuleSetsOnlyWhatTheRegistryCannotWorkWithout() throws IOException {
    // The mcp block is not walked: it holds a substitution that only resolves with Pekko's reference.conf.
    Set<String> outside = leaves(ownReferenceConf().root().withoutKey("mcp"), List.of()).stream()
        .filter(path -> !path.startsWith("pekko.actor.serializers.") && !path.startsWith("pekko.actor.serialization-bindings."))
        .collect(Collectors.toSet());
    assertEquals(Set.of(
        "pekko.remote.artery.large-message-destinations",
        "pekko.cluster.configuration-compatibility-check.checkers.pekko-mcp-registry"), outside);
    // So the application's cluster policy is Pekko's until it chooses: no downing provider.
    assertEquals("", config.getString("pekko.cluster.downing-provider-class"));
    assertEquals(Duration.ofSeconds(3), config.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause"));
  }

  @Test
  void theFastFailoverFileRemovesACrashedNodeInSecondsWhenIncluded() {
    Config included = ConfigFactory.load(ConfigFactory.parseString("include \"pekko-mcp-fast-failover.conf\""));
    assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider", included.getString("pekko.cluster.downing-provider-class"));
    assertEquals("keep-majority", included.getString("pekko.cluster.split-brain-resolver.active-strategy"));
    assertEquals(Duration.ofSeconds(1), included.getDuration("pekko.cluster.split-brain-resolver.stable-after"));
    assertEquals(Duration.ofMillis(500), included.getDuration("pekko.cluster.failure-detector.heartbeat-interval"));
    assertEquals(Duration.ofMillis(1500), included.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause"));
    assertEquals(Duration.ofMillis(200), included.getDuration("pekko.cluster.typed.receptionist.distributed-data.gossip-interval"));
    assertEquals(Duration.ofMillis(20), included.getDuration("pekko.cluster.typed.receptionist.distributed-data.notify-subscribers-interval"));
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
    assertEquals(List.of(), appWithRoleAndDurableData.getStringList("mcp.registry.cluster.distributed-data.durable.keys"));
    assertEquals(Duration.ofSeconds(20), appWithRoleAndDurableData.getDuration("mcp.registry.cluster.distributed-data.gossip-interval"));
    assertTrue(config.getStringList("pekko.remote.artery.large-message-destinations").contains("/system/mcpRegistryReplicator"));
    // Pekko's own defaults for the application's replicator, untouched.
    assertEquals("ddataReplicator", config.getString("pekko.cluster.distributed-data.name"));
    assertEquals(Duration.ofSeconds(2), config.getDuration("pekko.cluster.distributed-data.gossip-interval"));
    assertTrue(config.getBoolean("pekko.cluster.distributed-data.delta-crdt.enabled"));
    assertEquals(500, config.getInt("pekko.cluster.distributed-data.max-delta-elements"));
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

  /** This module's own reference.conf, parsed alone (the class path holds several). */
  private static Config ownReferenceConf() throws IOException {
    String module = ClusterBackend.class.getProtectionDomain().getCodeSource().getLocation().toString();
    for (URL url : Collections.list(ReferenceConfigTest.class.getClassLoader().getResources("reference.conf"))) {
      if (url.toString().startsWith(module) || url.toString().startsWith("jar:" + module)) {
        return ConfigFactory.parseURL(url);
      }
    }
    throw new AssertionError("no reference.conf under " + module);
  }

  /** The paths of every value under {@code object}, unresolved ones included. */
  private static List<String> leaves(ConfigObject object, List<String> prefix) {
    List<String> paths = new ArrayList<>();
    object.forEach((key, value) -> {
      List<String> path = new ArrayList<>(prefix);
      path.add(key);
      if (value instanceof ConfigObject child) {
        paths.addAll(leaves(child, path));
      } else {
        paths.add(ConfigUtil.joinPath(path));
      }
    });
    return paths;
  }
}
