/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/** Builders for MCP content blocks, the items of tool results and prompt messages. */
public final class Content {

  private Content() {}

  public static ObjectNode text(String text) {
    ObjectNode c = JsonRpcCodec.object();
    c.put("type", "text");
    c.put("text", text);
    return c;
  }

  /** An image; {@code base64} is the encoded bytes. */
  public static ObjectNode image(String base64, String mimeType) {
    return binary("image", base64, mimeType);
  }

  /** Audio; {@code base64} is the encoded bytes. */
  public static ObjectNode audio(String base64, String mimeType) {
    return binary("audio", base64, mimeType);
  }

  /** An embedded text resource. */
  public static ObjectNode embeddedText(String uri, String mimeType, String text) {
    ObjectNode c = JsonRpcCodec.object();
    c.put("type", "resource");
    ObjectNode r = c.putObject("resource");
    r.put("uri", uri);
    r.put("mimeType", mimeType);
    r.put("text", text);
    return c;
  }

  /** A link to a resource the client may read. */
  public static ObjectNode resourceLink(String uri, String name) {
    ObjectNode c = JsonRpcCodec.object();
    c.put("type", "resource_link");
    c.put("uri", uri);
    c.put("name", name);
    return c;
  }

  private static ObjectNode binary(String type, String base64, String mimeType) {
    ObjectNode c = JsonRpcCodec.object();
    c.put("type", type);
    c.put("data", base64);
    c.put("mimeType", mimeType);
    return c;
  }
}
