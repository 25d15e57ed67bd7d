/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport;

/**
 * Where a client session puts what it owes the client for one exchange: a line on stdout, one
 * HTTP response (JSON, or an SSE stream once there is something to send before the answer), or a
 * standing GET stream. The session actor calls these methods from its own thread, one at a time;
 * an implementation needs no locking of its own unless it shares its output (stdio does).
 */
public interface ReplyChannel {

  /** The final answer of the exchange: one JSON-RPC message, or a batch's JSON array. */
  void response(String json);

  /** A message that belongs to the exchange and comes before its answer (progress, logs). */
  void notification(String json);

  /** The input needed no answer (notifications and responses only). */
  void accepted();

  /** No answer will come (the client cancelled the request, or the session ended). */
  void abandoned();

  /**
   * Carries on this exchange's stream on {@code to}, the client's reconnection after the event
   * {@code lastEventId}; false when this channel has no such stream (the default).
   */
  default boolean resume(String lastEventId, ReplyChannel to) {
    return false;
  }
}
