/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.pekkomcp.mcp.server.Handler;
import org.pekkomcp.mcp.server.Resource;
import org.pekkomcp.mcp.server.ResourceContents;
import org.pekkomcp.mcp.server.ResourceRead;
import org.pekkomcp.mcp.server.ResourceTemplate;

/**
 * What serves a {@code resources/read} of one URI: the resource with that URI, else the first
 * template that matches it, with the values of the template's variables.
 */
record ResourceRoute(Handler<ResourceRead, ResourceContents> handler, Map<String, String> variables) {

  static Optional<ResourceRoute> find(String uri, Map<String, Resource> resources, Collection<ResourceTemplate> templates) {
    Resource resource = resources.get(uri);
    if (resource != null) {
      return Optional.of(new ResourceRoute(resource.handler(), Map.of()));
    }
    for (ResourceTemplate template : templates) {
      Optional<Map<String, String>> match = template.uriTemplate().match(uri);
      if (match.isPresent()) {
        return Optional.of(new ResourceRoute(template.handler(), match.get()));
      }
    }
    return Optional.empty();
  }
}
