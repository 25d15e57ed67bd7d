/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import org.apache.pekko.cluster.Valid$;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** The comparison itself, on plain configs; {@link JoinCheckClusterTest} runs it where Pekko does. */
class RegistryJoinCheckTest {

  private static final Config REFERENCE = ConfigFactory.load(ConfigFactory.parseString("mcp.registry.backend = cluster"));

  private final RegistryJoinCheck check = new RegistryJoinCheck();

  @Test
  void equalSettingsPass() {
    Config spelledOtherwise = ConfigFactory.parseString("""
        mcp.registry.cluster.write-consistency = MAJORITY
        mcp.registry.cluster.name-keys = "4096"
        """).withFallback(REFERENCE);
    assertEquals(Valid$.MODULE$, check.check(spelledOtherwise, REFERENCE));
  }

  @Test
  void eachSettingThatDiffersIsNamedWithBothValuesAndWhy() {
    Config other = ConfigFactory.parseString("""
        mcp.registry.backend = local
        mcp.registry.cluster.write-consistency = local
        mcp.registry.cluster.name-keys = 128
        mcp.registry.cluster.group-keys = 64
        mcp.registry.cluster.resolver = com.example.NewestClaimWins
        mcp.registry.cluster.distributed-data.name = otherReplicator
        """).withFallback(REFERENCE);
    List<String> messages = messages(check.check(other, REFERENCE));
    assertEquals(List.of(
        "mcp.registry.backend is local on the other node and cluster on this one; it must be equal on every node: "
            + "every member votes on every claim, so every member must run the cluster registry",
        "mcp.registry.cluster.write-consistency is local on the other node and majority on this one; it must be equal on "
            + "every node: a node that commits a claim with fewer acks than the others could commit a name another node holds",
        "mcp.registry.cluster.name-keys is 128 on the other node and 4096 on this one; it must be equal on every node: "
            + "it decides which replicated key holds a name, so nodes that differ read and write different keys",
        "mcp.registry.cluster.group-keys is 64 on the other node and 1024 on this one; it must be equal on every node: "
            + "it decides which replicated key holds a group membership, so nodes that differ read and write different keys",
        "mcp.registry.cluster.resolver is com.example.NewestClaimWins on the other node and "
            + "org.pekkomcp.registry.cluster.OldestClaimWins on this one; it must be equal on every node: "
            + "each node settles a conflict on its own, and all must pick the same winner",
        "mcp.registry.cluster.distributed-data.name is otherReplicator on the other node and mcpRegistryReplicator on "
            + "this one; it must be equal on every node: the registry's replicators find each other by this actor name"),
        messages);
  }

  @Test
  void aNodeWithoutTheRegistrySettingsIsRefused() {
    Config pekkoOnly = ConfigFactory.parseString("pekko.cluster.downing-provider-class = \"\"");
    List<String> messages = messages(check.check(pekkoOnly, REFERENCE));
    assertEquals(RegistryJoinCheck.SETTINGS.size(), messages.size());
    assertTrue(messages.get(0).startsWith("mcp.registry.backend is missing on the other node"), messages.get(0));
  }

  @Test
  void theJoiningNodeSendsEveryComparedSetting() {
    // Pekko sends the joining node's values of requiredKeys only: a key left out here is never compared.
    List<String> required = CollectionConverters.asJava(check.requiredKeys());
    assertEquals(RegistryJoinCheck.SETTINGS.stream().map(RegistryJoinCheck.MustAgree::path).toList(), required);
    assertTrue(ConfigFactory.load().getConfig("pekko.cluster.configuration-compatibility-check.checkers").root()
        .unwrapped().containsValue(RegistryJoinCheck.class.getName()), "registered with Pekko");
    assertEquals(Valid$.MODULE$, JoinConfigCompatChecker.exists(check.requiredKeys(), REFERENCE), "every key has a default");
  }

  private static List<String> messages(Object validation) {
    assertTrue(validation instanceof Invalid, "refused: " + validation);
    return CollectionConverters.asJava(((Invalid) validation).errorMessages());
  }
}
