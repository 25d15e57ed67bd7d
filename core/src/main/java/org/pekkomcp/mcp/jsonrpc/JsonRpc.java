/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.jsonrpc;

import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON-RPC 2.0 constants and the one {@link ObjectMapper} the MCP code shares (it is thread-safe). */
public final class JsonRpc {

  public static final String VERSION = "2.0";

  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  /** MCP: the requested resource does not exist. */
  public static final int RESOURCE_NOT_FOUND = -32002;
  /** MCP 2026-07-28: an HTTP header does not match the request body, or a required one is missing. */
  public static final int HEADER_MISMATCH = -32020;
  /** MCP 2026-07-28: the request needs a client capability the client did not declare. */
  public static final int MISSING_CLIENT_CAPABILITY = -32021;
  /** MCP 2026-07-28: the request's protocol version is not one the server speaks. */
  public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonRpc() {}
}
