/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract suite against the one-JVM backend. */
class LocalContractTest extends RegistryContractTest {

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("local-contract");
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Override
  protected int nodes() {
    return 1;
  }

  @Override
  protected ActorSystem<?> system(int node) {
    return testKit.system();
  }

  @Override
  protected RegistryBackend backend(int node) {
    return McpRegistry.get(testKit.system());
  }

  @Override
  protected boolean expectDistributed() {
    return false;
  }
}
