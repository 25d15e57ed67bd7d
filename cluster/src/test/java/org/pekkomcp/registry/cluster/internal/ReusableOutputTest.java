/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ReusableOutputTest {

  /** What a fresh {@link ByteArrayOutputStream} holds after the same writes: the reference. */
  private static byte[] expected(int count, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    write(out, count, text);
    return bytes.toByteArray();
  }

  private static void write(DataOutputStream out, int count, String text) throws IOException {
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.writeLong(i * 31L);
      out.writeUTF(text);
      out.write(new byte[] {9, 8, 7, 6}, 1, 2);
    }
  }

  @Test
  void eachMessageHoldsOnlyItsOwnBytesWhateverCameBefore() throws IOException {
    ReusableOutput output = new ReusableOutput(8, 1024);
    for (int count : new int[] {0, 3, 40, 1, 0, 12}) {
      write(output.start(16), count, "n\u00e4me-" + count);
      assertEquals(expected(count, "n\u00e4me-" + count).length, output.size());
      assertArrayEquals(expected(count, "n\u00e4me-" + count), output.toByteArray(), count + " entries");
    }
  }

  @Test
  void growsAsNeededKeepsWhatItGrewAndLetsGoOfALargeArray() throws IOException {
    ReusableOutput output = new ReusableOutput(8, 256);
    assertEquals(8, output.capacity());
    write(output.start(0), 5, "abc");
    output.toByteArray();
    int grown = output.capacity();
    assertTrue(grown > 8 && grown <= 256, grown + " bytes");
    output.start(0).writeInt(1);
    assertEquals(grown, output.capacity(), "a small message after it writes into the same array");
    output.toByteArray();
    output.start(100_000).writeInt(1);
    assertTrue(output.capacity() >= 100_000, "sized for what the caller expects");
    assertArrayEquals(new byte[] {0, 0, 0, 1}, output.toByteArray());
    assertEquals(8, output.capacity(), "a large message's array is not kept");
  }

  @Test
  void refusesBadRangesAndCapacities() {
    ReusableOutput output = new ReusableOutput(8, 8);
    output.start(0);
    assertThrows(IndexOutOfBoundsException.class, () -> output.write(new byte[4], 2, 3));
    assertThrows(IndexOutOfBoundsException.class, () -> output.write(new byte[4], -1, 1));
    assertEquals(0, output.size());
    assertThrows(IllegalArgumentException.class, () -> new ReusableOutput(0, 8));
    assertThrows(IllegalArgumentException.class, () -> new ReusableOutput(16, 8));
  }
}
