/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster traffic over {@code tls-tcp} with mutual authentication: members whose certificates a
 * test CA signed form a cluster and share registrations; a node whose certificate nobody trusts
 * (though it trusts the members) can neither join, nor get a single message to a member's
 * actor, nor a registration into a member's registry.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TlsClusterTest {

  /** A trusted node joins in a few seconds; this is several times that. */
  private static final Duration INTRUDER_WINDOW = Duration.ofSeconds(15);

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  @TempDir
  Path stores;

  @Test
  void untrustedNodeCannotJoinOrDeliverWhileTrustedNodesFormACluster() {
    TlsStores tls = TlsStores.generate(stores);
    List<NodeProcess> members = cluster.form(List.of(
        NodeSpec.named("n1").withTls(tls.member()), NodeSpec.named("n2").withTls(tls.member())));
    NodeProcess n1 = members.get(0);
    NodeProcess n2 = members.get(1);
    String inbox = n1.call("spawn inbox").get("ref").asText();

    n2.call("register server trusted-name t");
    n1.call("await-name server trusted-name present 30000");
    n2.call("send " + inbox + " from-member-before");
    assertTrue(Polling.until(Duration.ofSeconds(30), () -> received(n1, "from-member-before")),
        "a trusted member's message never arrived over TLS");

    NodeProcess intruder = cluster.start(NodeSpec.named("intruder").withTls(tls.intruder()).withSeed(n1.address()));
    String intruderAddress = intruder.call("cluster").get("self").asText();
    intruder.call("send " + inbox + " from-intruder");
    // Its registry can only reach the members through the same refused transport; the answer
    // it gets locally does not matter, only that no member ever shows the name.
    intruder.send("register server intruder-name x");
    assertFalse(intruder.becameReadyWithin(INTRUDER_WINDOW), "the untrusted node became a cluster member");

    n2.call("send " + inbox + " from-member-after");
    assertTrue(Polling.until(Duration.ofSeconds(30), () -> received(n1, "from-member-after")),
        "a trusted member's message never arrived over TLS");
    assertFalse(received(n1, "from-intruder"), "the untrusted node's message was delivered");
    for (NodeProcess member : members) {
      assertFalse(member.call("whereis server intruder-name").get("found").asBoolean(),
          "the untrusted node's registration reached " + member.name());
      assertTrue(member.call("whereis server trusted-name").get("found").asBoolean());
    }
    JsonNode view = n1.call("cluster");
    assertEquals(2, view.get("members").size(), "n1 lists a third member: " + view);
    assertFalse(view.toString().contains(intruderAddress), "n1 knows the intruder: " + view);
    assertEquals(0, intruder.call("cluster").get("up").asInt(), "the intruder sees itself Up");

    // And it was kept out for the right reason: the members refused its certificate.
    assertTrue(Polling.until(Duration.ofSeconds(30), () -> intruder.logContains("bad_certificate")),
        "the intruder's log never shows a member rejecting its certificate");
    System.out.printf("[multi-jvm] TLS: 2 members formed a cluster and exchanged messages; the intruder was "
        + "refused (bad_certificate), not Up after %s, and none of its messages arrived%n", INTRUDER_WINDOW);
  }

  private static boolean received(NodeProcess node, String text) {
    return StreamSupport.stream(node.call("events 0").get("events").spliterator(), false)
        .anyMatch(e -> e.path("type").asText().equals("Received") && e.path("message").asText().equals(text));
  }
}
