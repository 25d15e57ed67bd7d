/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import org.slf4j.MDC;

/**
 * The MDC keys of the MCP path, so a log line says which server, client session and request it is
 * about. The server and session actors set them with {@code Behaviors.withMdc} around each message;
 * the server adds the request id while it handles a request. A handler runs on the server's
 * thread, so what it logs through SLF4J while it is called carries them too; what it logs later,
 * on another thread (a stage completed elsewhere), does not, unless it copies
 * {@link MDC#getCopyOfContextMap()} itself.
 */
public final class McpMdc {

  /** The server's registered name. */
  public static final String SERVER = "mcpServer";
  /** The client session's id (the HTTP {@code Mcp-Session-Id}; a 2026-07-28 request gets a {@code stateless-} id of its own). */
  public static final String SESSION = "mcpSession";
  /** The JSON-RPC id of the request, as its JSON text ({@code 7}, {@code "a"}). */
  public static final String REQUEST_ID = "mcpRequestId";

  private McpMdc() {}
}
