/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: a node answers commands, and no node outlives the test that started it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JvmClusterTest {

  private static Optional<ProcessHandle> fromFirstTest = Optional.empty();

  @RegisterExtension
  final JvmCluster cluster = new JvmCluster();

  @Test
  @Order(1)
  void aNodeAnswersCommandsAndReportsErrorsAsFailures() {
    NodeProcess node = cluster.form(1).get(0);
    fromFirstTest = ProcessHandle.of(node.pid());
    assertTrue(node.address().startsWith("pekko://mcp@127.0.0.1:"), node.address());
    assertEquals("Registered", node.call("register server calc calc").get("outcome").asText());
    assertEquals("AlreadyRegistered", node.call("register server calc other").get("outcome").asText());
    assertTrue(node.call("whereis server calc").get("found").asBoolean());
    AssertionError unknown = assertThrows(AssertionError.class, () -> node.call("no-such-command"));
    assertTrue(unknown.getMessage().contains("unknown command"), unknown.getMessage());
  }

  @Test
  @Order(2)
  void theNodeOfTheFirstTestIsDeadByNow() {
    assertTrue(fromFirstTest.isPresent(), "the first test did not run first");
    assertFalse(fromFirstTest.get().isAlive(), "a node outlived its test: pid " + fromFirstTest.get().pid());
  }
}
