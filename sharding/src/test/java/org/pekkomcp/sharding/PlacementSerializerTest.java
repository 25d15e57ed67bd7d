/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.NotSerializableException;
import org.junit.jupiter.api.Test;

class PlacementSerializerTest {

  private final PlacementSerializer serializer = new PlacementSerializer();

  @Test
  void everyMessageReadsBackWithItsTime() throws NotSerializableException {
    for (Object message : new Object[] {new ServerHost.Ensure(1_764_000_000_123L), new ServerHost.Retire(-5L), ServerHost.HandOff.INSTANCE}) {
      assertEquals(message, serializer.fromBinary(serializer.toBinary(message), serializer.manifest(message)));
    }
  }

  @Test
  void messagesOfAnEarlierVersionCarryNoTimeAndActAsTheyDidThere() throws NotSerializableException {
    byte[] none = new byte[0];
    // A declaration newer than any retirement (it starts the server), a retirement older than any declaration.
    assertEquals(new ServerHost.Ensure(Long.MAX_VALUE), serializer.fromBinary(none, "E"));
    assertEquals(new ServerHost.Retire(Long.MIN_VALUE), serializer.fromBinary(none, "R1"));
    assertEquals(ServerHost.HandOff.INSTANCE, serializer.fromBinary(none, "H"));
  }
}
