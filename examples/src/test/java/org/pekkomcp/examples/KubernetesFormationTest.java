/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three node JVMs started with the environment that {@code deploy/kubernetes/statefulset.yaml}
 * gives its pods, read from the manifest itself, with loopback addresses in place of the pods'
 * DNS names ({@code mcp-N.mcp-headless} is 127.0.0.N+1) and free ports in place of 25520, 8080
 * and 8558 (see {@link ManifestPods}). Pods 1 and 2 start first, as when pod 0 is late: they
 * must wait for it rather than form a cluster of their own, and then all three are one cluster.
 */
class KubernetesFormationTest {

  private static final Pattern MEMBER_UP = Pattern.compile("^cluster: member up (\\S+)$");

  @Test
  void podsStartedWithTheManifestsEnvironmentWaitForTheFirstSeedAndFormOneCluster() throws Exception {
    Map<String, String> podEnvironment = ManifestPods.environment();
    assertTrue(podEnvironment.containsKey("MCP_JOIN"), "the manifest gives the seed nodes: " + podEnvironment);
    int clusterPort = ManifestPods.portFreeOnEveryPod();
    Map<Integer, Integer> ports = Map.of(25520, clusterPort, 8080, ManifestPods.portFreeOnEveryPod(),
        8558, ManifestPods.portFreeOnEveryPod());
    List<NodeProcess> pods = new ArrayList<>();
    try {
      for (int pod : new int[] {1, 2, 0}) {
        if (pod == 0) {
          for (NodeProcess started : pods) {
            started.awaitAddress(); // pods 1 and 2 run before pod 0 starts
          }
        }
        pods.add(NodeProcess.start("mcp-" + pod, List.of("-Dconfig.override_with_env_vars=true"),
            ManifestPods.forPod(podEnvironment, pod, ports), System.out::println));
      }
      Set<String> everyPod = new TreeSet<>();
      for (int pod = 0; pod < 3; pod++) {
        everyPod.add("pekko://mcp@" + ManifestPods.loopback(pod) + ":" + clusterPort);
      }
      String podZero = "pekko://mcp@" + ManifestPods.loopback(0) + ":" + clusterPort;
      for (NodeProcess pod : pods) {
        List<String> seen = new ArrayList<>();
        while (seen.size() < everyPod.size()) {
          Matcher up = MEMBER_UP.matcher(pod.await(l -> MEMBER_UP.matcher(l).matches(), "member up line"));
          up.matches();
          seen.add(up.group(1));
        }
        assertEquals(everyPod, new TreeSet<>(seen), pod.label() + " is in the cluster of all three pods");
        assertEquals(podZero, seen.get(0), pod.label() + " first sees the first seed Up: it formed no cluster of its own");
      }
    } finally {
      for (NodeProcess pod : pods) {
        pod.kill();
      }
    }
  }
}
