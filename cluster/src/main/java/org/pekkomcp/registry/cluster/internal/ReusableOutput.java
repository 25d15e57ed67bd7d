/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A growable byte array, written through one {@link DataOutputStream}, that the thread owning it
 * reuses message after message: the serializer keeps one per thread and call site, so a message is
 * written into an array the earlier ones already grew, and copied out once, instead of into a new
 * stream that grows by copying. An array grown past {@code keptCapacity} by a large message is
 * let go once that message is copied out.
 *
 * <p>Not thread-safe, and without the locks of {@link java.io.ByteArrayOutputStream}: one thread
 * writes it.
 */
final class ReusableOutput extends OutputStream {

  private final int initialCapacity;
  private final int keptCapacity;
  private final DataOutputStream data = new DataOutputStream(this);
  private byte[] bytes;
  private int size;

  ReusableOutput(int initialCapacity, int keptCapacity) {
    if (initialCapacity < 1 || keptCapacity < initialCapacity) {
      throw new IllegalArgumentException("capacities " + initialCapacity + " and " + keptCapacity);
    }
    this.initialCapacity = initialCapacity;
    this.keptCapacity = keptCapacity;
    this.bytes = new byte[initialCapacity];
  }

  /** Empties it for a message of about {@code expected} bytes and returns the stream to write it with. */
  DataOutputStream start(int expected) {
    size = 0;
    ensureCapacity(expected);
    return data;
  }

  /** The bytes written since {@link #start}. */
  int size() {
    return size;
  }

  /** The capacity of the array it holds now (for tests). */
  int capacity() {
    return bytes.length;
  }

  @Override
  public void write(int b) {
    ensureCapacity(size + 1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureCapacity(size + len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  /** A copy of the bytes written since {@link #start}. */
  byte[] toByteArray() {
    byte[] copy = Arrays.copyOf(bytes, size);
    release();
    return copy;
  }

  /**
   * Lets {@code patch} change the bytes written since {@link #start} (in place, e.g. a header
   * known only at the end), then copies them into {@code buf} at its position.
   */
  void patchAndCopyTo(Consumer<byte[]> patch, ByteBuffer buf) {
    patch.accept(bytes);
    buf.put(bytes, 0, size);
    release();
  }

  private void release() {
    if (bytes.length > keptCapacity) {
      bytes = new byte[initialCapacity];
    }
    size = 0;
  }

  private void ensureCapacity(int needed) {
    if (needed < 0) {
      throw new OutOfMemoryError("a message over 2 GiB");
    }
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
    }
  }
}
