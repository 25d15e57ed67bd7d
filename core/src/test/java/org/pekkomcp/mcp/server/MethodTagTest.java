/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The method tag a request's end is reported with: a fixed set, whatever the client sends. */
class MethodTagTest {

  @Test
  void methodsTheServerDoesNotServeShareOneTag() {
    assertEquals("tools/call", MethodTag.of("tools/call"));
    assertEquals("server/discover", MethodTag.of("server/discover"));
    assertEquals(MethodTag.OTHER, MethodTag.of("tools/call2"));
    assertEquals(MethodTag.OTHER, MethodTag.of("x".repeat(1000)));
  }
}
