/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A {@link JvmCluster} in a static field keeps its nodes for the whole class. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SharedJvmClusterTest {

  @RegisterExtension
  static final JvmCluster SHARED = new JvmCluster();

  private static NodeProcess node;

  @Test
  @Order(1)
  void startsANode() {
    node = SHARED.form(1).get(0);
    assertEquals("Registered", node.call("register server kept kept").get("outcome").asText());
  }

  @Test
  @Order(2)
  void theSameNodeIsStillThereInTheNextTest() {
    assertTrue(node.isAlive(), "a class-scoped node was killed between tests");
    assertTrue(node.call("whereis server kept").get("found").asBoolean());
  }
}
