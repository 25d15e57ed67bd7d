/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster.internal;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The bytes from a buffer's position to its limit as a stream, read in place: the serializer reads
 * Artery's envelope buffer through it without copying the message out first. Not thread-safe; the
 * buffer's position moves as it is read.
 */
final class ByteBufferInput extends InputStream {

  private final ByteBuffer buf;

  ByteBufferInput(ByteBuffer buf) {
    this.buf = buf;
  }

  @Override
  public int read() {
    return buf.hasRemaining() ? buf.get() & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!buf.hasRemaining()) {
      return -1;
    }
    int n = Math.min(len, buf.remaining());
    buf.get(b, off, n);
    return n;
  }

  @Override
  public long skip(long n) {
    int skipped = (int) Math.max(0, Math.min(n, buf.remaining()));
    buf.position(buf.position() + skipped);
    return skipped;
  }

  @Override
  public int available() {
    return buf.remaining();
  }
}
