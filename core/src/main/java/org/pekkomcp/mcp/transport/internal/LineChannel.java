/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.pekkomcp.mcp.transport.ReplyChannel;

/**
 * The stdio {@link ReplyChannel}: every message is one line on the output, flushed at once.
 * Compact JSON never holds a raw newline (strings escape it), so a line is a message. Writes are
 * synchronized because the reader thread answers unparseable lines itself.
 */
public final class LineChannel implements ReplyChannel {

  private final OutputStream out;

  public LineChannel(OutputStream out) {
    this.out = out;
  }

  @Override
  public void response(String json) {
    write(json);
  }

  @Override
  public void notification(String json) {
    write(json);
  }

  @Override
  public void accepted() {
    // nothing to write: notifications are never answered
  }

  @Override
  public void abandoned() {
    // a cancelled request gets no answer on stdio
  }

  synchronized void write(String json) {
    try {
      out.write(json.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      // The client closed its end; the reader sees end of input and stops the transport.
      throw new UncheckedIOException(e);
    }
  }
}
