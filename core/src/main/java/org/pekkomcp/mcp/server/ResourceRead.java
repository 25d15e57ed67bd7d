/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code resources/read}.
 *
 * @param uri the URI the client asked for
 * @param variables for a template, the values its {@code {name}} placeholders matched; else empty
 * @param context progress, logging and cancellation for this read
 */
public record ResourceRead(String uri, Map<String, String> variables, RequestContext context) {
  public ResourceRead {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(context, "context");
    variables = Map.copyOf(variables);
  }
}
