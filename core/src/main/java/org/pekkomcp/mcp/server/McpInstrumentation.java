/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

/**
 * What the MCP path reports to a metrics library, without core depending on one: the requests a
 * server answered, the client sessions opened and closed, and the questions servers asked their
 * clients. The management module binds it to Micrometer; an application may bind its own with
 * {@link Instrumentation#install}. Every method has a no-op default, so an implementation picks
 * what it needs.
 *
 * <p>Calls come from actor threads, one per event, so an implementation must be thread-safe and
 * must not block. Every tag value comes from a bounded set: server names are the registered
 * ones, methods are {@link MethodTag}s, outcomes are enums.
 *
 * <p>A request is reported once, by the server, where it ends: when its answer is sent, or when
 * the client cancelled it or its session stopped first. A 2026-07-28 {@code subscriptions/listen}
 * stream is not a request that ends with an answer and is not reported.
 */
public interface McpInstrumentation {

  /** Reports nothing; the default until something is installed. */
  McpInstrumentation NONE = new McpInstrumentation() {};

  /**
   * The server {@code server} ended a request.
   *
   * @param method a {@link MethodTag}
   * @param nanos from the server receiving the request to its end
   */
  default void requestEnded(String server, String method, RequestOutcome outcome, long nanos) {}

  /**
   * A client session gave up waiting for {@code server}'s answer ({@code mcp.transport.request-timeout})
   * and answered its client with an error. The server still reports the request when it ends.
   */
  default void requestTimedOut(String server) {}

  /** A client session opened on {@code transport} ({@code http}, {@code stdio}, {@code in-process}). */
  default void sessionOpened(String transport) {}

  /** A client session that {@link #sessionOpened} reported closed. */
  default void sessionClosed(String transport) {}

  /** The server {@code server} asked a legacy session's client ({@code method}: sampling, elicitation, roots) and the ask ended. */
  default void clientAskEnded(String server, String method, AskOutcome outcome) {}
}
