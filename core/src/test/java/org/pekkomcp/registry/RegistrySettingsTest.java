/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** {@code mcp.registry.max-config-bytes} at, below and above its bounds (1 byte and 2 GiB - 1). */
class RegistrySettingsTest {

  private static RegistrySettings withLimit(String limit) {
    return RegistrySettings.from(
        ConfigFactory.parseString("mcp.registry.max-config-bytes = " + limit).withFallback(ConfigFactory.defaultReference()));
  }

  @Test
  void theLimitIsReadInBytes() {
    assertEquals(64 * 1024, withLimit("64KiB").maxConfigBytes());
    assertEquals(1, withLimit("1").maxConfigBytes());
    assertEquals(Integer.MAX_VALUE, withLimit(String.valueOf(Integer.MAX_VALUE)).maxConfigBytes());
  }

  @Test
  void aLimitOfZeroOrOver2GiBIsRejectedWithTheSettingsName() {
    for (String bad : new String[] {"0", String.valueOf(Integer.MAX_VALUE + 1L), "3GiB"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withLimit(bad), bad);
      assertTrue(e.getMessage().contains("mcp.registry.max-config-bytes"), e.getMessage());
    }
  }
}
