/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/**
 * A family of resources named by a URI template such as {@code notes://{id}}; a read whose URI
 * matches it reaches the handler with the matched variables.
 */
public record ResourceTemplate(
    UriTemplate uriTemplate,
    String name,
    Optional<String> title,
    Optional<String> description,
    Optional<String> mimeType,
    Handler<ResourceRead, ResourceContents> handler) {

  public ResourceTemplate {
    Objects.requireNonNull(uriTemplate, "uriTemplate");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(handler, "handler");
  }

  public static ResourceTemplate of(String uriTemplate, String name, String description, String mimeType,
      Handler<ResourceRead, ResourceContents> handler) {
    return new ResourceTemplate(UriTemplate.parse(uriTemplate), name, Optional.empty(), Optional.of(description),
        Optional.of(mimeType), handler);
  }

  /** The {@code ResourceTemplate} JSON of a listing. */
  public ObjectNode toJson() {
    ObjectNode out = JsonRpcCodec.object();
    out.put("uriTemplate", uriTemplate.text());
    out.put("name", name);
    title.ifPresent(t -> out.put("title", t));
    description.ifPresent(d -> out.put("description", d));
    mimeType.ifPresent(m -> out.put("mimeType", m));
    return out;
  }
}
