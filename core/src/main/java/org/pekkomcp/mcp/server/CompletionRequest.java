/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Map;
import java.util.Objects;

/**
 * One {@code completion/complete}: suggest values for an argument of a prompt or of a resource
 * template.
 *
 * @param refType {@code "ref/prompt"} or {@code "ref/resource"}
 * @param refName the prompt name, or the resource template's URI template
 * @param argumentName the argument being completed
 * @param argumentValue what the user typed so far
 * @param context the values of arguments already filled in ({@code context.arguments})
 */
public record CompletionRequest(
    String refType, String refName, String argumentName, String argumentValue, Map<String, String> context) {
  public CompletionRequest {
    Objects.requireNonNull(refType, "refType");
    Objects.requireNonNull(refName, "refName");
    Objects.requireNonNull(argumentName, "argumentName");
    Objects.requireNonNull(argumentValue, "argumentValue");
    context = Map.copyOf(context);
  }

}
