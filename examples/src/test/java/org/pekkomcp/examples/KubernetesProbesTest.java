/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pekkomcp.examples.ManagementHttp.awaitTrue;
import static org.pekkomcp.examples.ManagementHttp.scrape;
import static org.pekkomcp.examples.ManagementHttp.status;
import static org.pekkomcp.examples.ManagementHttp.value;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The probes of {@code deploy/kubernetes/statefulset.yaml} asked of three node JVMs started with
 * the manifest's environment ({@link ManifestPods}): pods 1 and 2 start first and are alive but
 * not ready, since only pod 0 may start the cluster; once it has, all three are ready and each
 * one's metrics show the whole cluster.
 */
class KubernetesProbesTest {

  /** Only for its polling assertion. */
  private static final ActorTestKit TESTKIT = ActorTestKit.create();

  @AfterAll
  static void stopTestKit() {
    TESTKIT.shutdownTestKit();
  }

  @Test
  void podsAreAliveAtOnceAndReadyOnlyInTheClusterOfAllThree() throws Exception {
    Map<String, String> manifest = ManifestPods.environment();
    assertEquals("8558", manifest.get("MCP_MANAGEMENT_PORT"), "the manifest's management port: " + manifest);
    int managementPort = ManifestPods.portFreeOnEveryPod();
    Map<Integer, Integer> ports = Map.of(25520, ManifestPods.portFreeOnEveryPod(), 8080, ManifestPods.portFreeOnEveryPod(),
        8558, managementPort);
    TestProbe<Object> probe = TESTKIT.createTestProbe();
    List<NodeProcess> pods = new ArrayList<>();
    try {
      for (int pod : new int[] {1, 2}) {
        pods.add(start(manifest, pod, ports));
      }
      for (int pod : new int[] {1, 2}) {
        URI management = management(pod, managementPort);
        awaitTrue(probe, () -> status(management.resolve("/alive")) == 200, "mcp-" + pod + " /alive");
        assertEquals(500, status(management.resolve("/ready")), "mcp-" + pod + " is not ready without the first seed");
      }
      pods.add(start(manifest, 0, ports));
      for (int pod = 0; pod < 3; pod++) {
        URI management = management(pod, managementPort);
        awaitTrue(probe, () -> status(management.resolve("/ready")) == 200, management + "/ready");
      }
      awaitTrue(probe, () -> value(scrape(management(1, managementPort)), "pekko_cluster_members{status=\"up\"}") == 3,
          "mcp-1 sees three Up members");
      awaitTrue(probe, () -> value(scrape(management(1, managementPort)), "mcp_registry_names{kind=\"transport\"}") == 3,
          "every pod's HTTP endpoint is known on mcp-1");
    } finally {
      for (NodeProcess pod : pods) {
        pod.kill();
      }
    }
  }

  private static NodeProcess start(Map<String, String> manifest, int pod, Map<Integer, Integer> ports) throws Exception {
    NodeProcess node = NodeProcess.start("mcp-" + pod, List.of("-Dconfig.override_with_env_vars=true"),
        ManifestPods.forPod(manifest, pod, ports), System.out::println);
    node.await(line -> line.startsWith("management endpoint"), "management endpoint line");
    return node;
  }

  private static URI management(int pod, int port) {
    return URI.create("http://" + ManifestPods.loopback(pod) + ":" + port);
  }
}
