/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.NotSerializableException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireManifestsTest {

  @Test
  void aManifestIsTheTypeAndTheVersion() {
    assertEquals("C1", WireManifests.of("C", 1));
    assertEquals("B12", WireManifests.of("B", 12));
    assertThrows(IllegalArgumentException.class, () -> WireManifests.of("CC", 1));
    assertThrows(IllegalArgumentException.class, () -> WireManifests.of("", 1));
  }

  @Test
  void everyVersionUpToTheNewestIsReadAndNoVersionIsTheFirst() throws Exception {
    assertEquals("C", WireManifests.readableType("C", 2, "s"));
    assertEquals("C", WireManifests.readableType("C1", 2, "s"));
    assertEquals("C", WireManifests.readableType("C2", 2, "s"));
  }

  @Test
  void aNewerVersionIsRefusedSayingSo() {
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> WireManifests.readableType("C3", 2, "TheSerializer"));
    assertTrue(e.getMessage().contains("TheSerializer") && e.getMessage().contains("version 3, newer than this node's 2"),
        e.getMessage());
  }

  @Test
  void aVersionThatIsNotAPositiveNumberIsAnUnknownManifest() {
    for (String manifest : List.of("C0", "C-1", "Cx", "C1x")) {
      NotSerializableException e = assertThrows(NotSerializableException.class,
          () -> WireManifests.readableType(manifest, 2, "s"), manifest);
      assertTrue(e.getMessage().startsWith("unknown manifest \"" + manifest + "\""), e.getMessage());
    }
    assertThrows(NotSerializableException.class, () -> WireManifests.readableType("", 2, "s"));
  }
}
