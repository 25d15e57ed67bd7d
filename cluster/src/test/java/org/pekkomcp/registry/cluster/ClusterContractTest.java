/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.pekkomcp.registry.RegistryBackend;
import org.pekkomcp.registry.RegistryContractTest;

/** The contract suite, unchanged, against a 3-node cluster: writes on node 0, reads on every node. */
class ClusterContractTest extends RegistryContractTest {

  private static ClusterNodes nodes;

  @BeforeAll
  static void start() {
    nodes = ClusterNodes.start("contract", 3, "");
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Override
  protected int nodes() {
    return nodes.size();
  }

  @Override
  protected ActorSystem<?> system(int node) {
    return nodes.system(node);
  }

  @Override
  protected RegistryBackend backend(int node) {
    return nodes.backend(node);
  }

  @Override
  protected boolean expectDistributed() {
    return true;
  }
}
