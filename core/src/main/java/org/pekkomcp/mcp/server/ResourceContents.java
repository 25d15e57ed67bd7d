/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/** The answer to a resource read: one or more text or blob contents. */
public record ResourceContents(List<ObjectNode> contents) {

  public ResourceContents {
    Objects.requireNonNull(contents, "contents");
    contents = contents.stream().map(ObjectNode::deepCopy).toList();
  }

  public static ResourceContents text(String uri, String mimeType, String text) {
    ObjectNode c = JsonRpcCodec.object();
    c.put("uri", uri);
    c.put("mimeType", mimeType);
    c.put("text", text);
    return new ResourceContents(List.of(c));
  }

  /** Binary contents; {@code base64} is the encoded bytes. */
  public static ResourceContents blob(String uri, String mimeType, String base64) {
    ObjectNode c = JsonRpcCodec.object();
    c.put("uri", uri);
    c.put("mimeType", mimeType);
    c.put("blob", base64);
    return new ResourceContents(List.of(c));
  }

  /** The {@code ReadResourceResult} JSON. */
  public ObjectNode toJson() {
    ObjectNode out = JsonRpcCodec.object();
    ArrayNode items = out.putArray("contents");
    contents.forEach(c -> items.add(c.deepCopy()));
    return out;
  }
}
