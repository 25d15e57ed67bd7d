/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DowningCheckTest {

  @Test
  void warnsWithoutADowningProviderAndNamesTheFileThatSetsOne() {
    Optional<String> warning = DowningCheck.warning(ConfigFactory.load());
    assertTrue(warning.isPresent(), "the library sets no downing provider of its own");
    assertTrue(warning.get().contains("pekko-mcp-fast-failover.conf"), warning.get());
  }

  @Test
  void isQuietWithADowningProvider() {
    assertEquals(Optional.empty(), DowningCheck.warning(
        ConfigFactory.parseResources("pekko-mcp-fast-failover.conf").withFallback(ConfigFactory.load())));
  }
}
