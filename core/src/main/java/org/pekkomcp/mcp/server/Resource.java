/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/** A resource with a fixed URI, listed by {@code resources/list} and read by its handler. */
public record Resource(
    String uri,
    String name,
    Optional<String> title,
    Optional<String> description,
    Optional<String> mimeType,
    Handler<ResourceRead, ResourceContents> handler) {

  public Resource {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(handler, "handler");
    if (uri.isBlank()) {
      throw new IllegalArgumentException("resource uri must not be blank");
    }
  }

  public static Resource of(String uri, String name, String description, String mimeType,
      Handler<ResourceRead, ResourceContents> handler) {
    return new Resource(uri, name, Optional.empty(), Optional.of(description), Optional.of(mimeType), handler);
  }

  /** The {@code Resource} JSON of a listing. */
  public ObjectNode toJson() {
    ObjectNode out = JsonRpcCodec.object();
    out.put("uri", uri);
    out.put("name", name);
    title.ifPresent(t -> out.put("title", t));
    description.ifPresent(d -> out.put("description", d));
    mimeType.ifPresent(m -> out.put("mimeType", m));
    return out;
  }
}
