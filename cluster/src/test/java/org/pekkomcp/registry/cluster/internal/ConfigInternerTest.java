/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.pekkomcp.registry.EntryConfig;

class ConfigInternerTest {

  @Test
  void equalEncodingsShareOneConfigAndDifferentOnesDoNot() {
    ConfigInterner interner = new ConfigInterner();
    EntryConfig tools = EntryConfig.withCapabilities("tools");
    EntryConfig first = interner.intern(tools.toBytes());
    assertEquals(tools, first);
    assertSame(first, interner.intern(tools.toBytes()));
    EntryConfig prompts = interner.intern(EntryConfig.withCapabilities("prompts").toBytes());
    assertEquals(EntryConfig.withCapabilities("prompts"), prompts);
    assertNotSame(first, prompts);
  }

  @Test
  void largeConfigsAreReadButNotKeptAndTheTableStaysBounded() {
    ConfigInterner interner = new ConfigInterner();
    EntryConfig large = EntryConfig.parse("{\"note\":\"" + "x".repeat(ConfigInterner.MAX_CACHED_BYTES) + "\"}");
    assertEquals(large, interner.intern(large.toBytes()));
    assertNotSame(interner.intern(large.toBytes()), interner.intern(large.toBytes()));
    for (int i = 0; i <= ConfigInterner.MAX_ENTRIES; i++) {
      assertEquals(i, interner.intern(EntryConfig.parse("{\"n\":" + i + "}").toBytes()).get("n").orElseThrow().asInt());
    }
  }

  @Test
  void badBytesAreAnErrorNotACachedValue() {
    ConfigInterner interner = new ConfigInterner();
    assertThrows(IllegalArgumentException.class, () -> interner.intern("[1]".getBytes()));
    assertThrows(IllegalArgumentException.class, () -> interner.intern("{".getBytes()));
  }
}
