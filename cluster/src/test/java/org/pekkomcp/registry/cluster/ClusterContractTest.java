/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pekkomcp.registry.RegistryBackend;
import org.pekkomcp.registry.RegistryContractTest;

/** The contract suite, unchanged, against a 3-node cluster: writes on node 0, reads on every node. */
class ClusterContractTest extends RegistryContractTest {

  @RegisterExtension
  static final ClusterNodes nodes = ClusterNodes.of("contract", 3, "");

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
