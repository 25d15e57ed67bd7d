/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/**
 * A {@link ReplyChannel} for tests: keeps what reaches it, in order, for the test to take or to
 * look at. {@link #responses()} keeps the answers only; {@link #everything()} also keeps
 * notifications, and {@code "abandoned"} when the channel is abandoned.
 */
public final class RecordingChannel implements ReplyChannel {

  private final boolean everything;
  private final BlockingQueue<String> out = new LinkedBlockingQueue<>();

  private RecordingChannel(boolean everything) {
    this.everything = everything;
  }

  /** A channel that keeps the answers only. */
  public static RecordingChannel responses() {
    return new RecordingChannel(false);
  }

  /** A channel that keeps answers, notifications and its abandonment. */
  public static RecordingChannel everything() {
    return new RecordingChannel(true);
  }

  @Override
  public void response(String json) {
    out.add(json);
  }

  @Override
  public void notification(String json) {
    if (everything) {
      out.add(json);
    }
  }

  @Override
  public void accepted() {}

  @Override
  public void abandoned() {
    if (everything) {
      out.add("abandoned");
    }
  }

  /** Takes the next message kept, parsed; fails the test when none comes {@code within}. */
  public JsonNode next(Duration within) throws InterruptedException {
    String json = out.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(json, "nothing within " + within);
    return JsonRpcCodec.parseTree(json).orElseThrow();
  }

  /** Takes the next message kept, if one comes {@code within}. */
  public Optional<String> poll(Duration within) throws InterruptedException {
    return Optional.ofNullable(out.poll(within.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** What is kept and not yet taken, without taking it. */
  public List<String> seen() {
    return List.copyOf(out);
  }
}
