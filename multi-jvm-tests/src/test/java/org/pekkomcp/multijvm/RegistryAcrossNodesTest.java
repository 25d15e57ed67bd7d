/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenario 1: what is registered on any node is seen, identically, on every node. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RegistryAcrossNodesTest {

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  @Test
  void registrationsOnEachNodeAreVisibleOnAllAndGroupsAgree() {
    List<NodeProcess> nodes = cluster.form(3);
    NodeProcess n1 = nodes.get(0);
    NodeProcess n2 = nodes.get(1);
    NodeProcess n3 = nodes.get(2);

    JsonNode calc = n1.call("register server calc calc {\"capabilities\":{\"tools\":{},\"prompts\":{}}}");
    long calcRegisteredAt = System.currentTimeMillis();
    assertEquals("Registered", calc.get("outcome").asText());
    assertEquals("Registered", n2.call("register server files files {\"capabilities\":{\"resources\":{}}}").get("outcome").asText());
    assertEquals("Registered", n3.call("register transport stdio-1 stdio-1").get("outcome").asText());
    n1.call("join custom a1");
    n3.call("join custom c1");

    n3.call("await-name server calc present 30000");
    OptionalLong registeredOnN1 = NodeEvents.first(n1, NodeEvents.registered("calc"));
    OptionalLong seenOnN3 = NodeEvents.first(n3, NodeEvents.registered("calc"));
    // Cross-node rules: a taken name stays taken, and only the owner's node changes an entry.
    JsonNode taken = n2.call("register server calc other-calc");
    assertEquals("AlreadyRegistered", taken.get("outcome").asText());
    assertEquals(calc.get("entry"), taken.get("entry"));
    assertEquals("NotOwner", n3.call("unregister server calc").get("outcome").asText());
    assertEquals("Updated", n1.call("update server calc {\"capabilities\":{\"tools\":{}}}").get("outcome").asText());

    Views.Agreement agreed = Views.awaitAgreement(nodes, Duration.ofSeconds(30), calcRegisteredAt);
    System.out.printf("[multi-jvm] scenario 1: calc visible on n3 %s after n1 registered it; "
        + "all 3 dumps identical %d ms after the first registration was answered%n",
        NodeEvents.since(seenOnN3, registeredOnN1.orElseThrow()), agreed.afterMs());

    Map<String, String> owners = new TreeMap<>();
    agreed.dump().get("names").forEach(e -> owners.put(e.get("name").asText(), e.get("node").asText()));
    assertEquals(Map.of("calc", n1.address(), "files", n2.address(), "stdio-1", n3.address()), owners);
    JsonNode groups = agreed.dump().get("groups");
    assertEquals(2, groups.get("mcp.servers").size(), groups.toString());
    assertEquals(List.of(calc.get("entry").get("ref").asText()), texts(groups.get("mcp.servers.tools")));
    assertEquals(1, groups.get("mcp.servers.resources").size(), groups.toString());
    assertEquals(1, groups.get("mcp.transports").size(), groups.toString());
    assertEquals(2, groups.get("custom").size(), groups.toString());
    assertEquals(false, groups.has("mcp.servers.prompts"), "the update should have moved calc out of prompts: " + groups);
  }

  private static List<String> texts(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
