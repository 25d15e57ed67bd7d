/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A handler asked the client for something it did not declare it can do. A handler that lets
 * this failure end its request gets the protocol's answer for it: a 2026-07-28 request fails with
 * -32021 and {@code data.requiredCapabilities}; a legacy tool call ends as an {@code isError}
 * result that names the capability.
 */
public final class MissingClientCapability extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ObjectNode required;

  public MissingClientCapability(String method, ObjectNode required) {
    super("the client did not declare the capability " + required + " that " + method + " needs");
    this.required = required;
  }

  /** The capabilities the ask needed, as a {@code ClientCapabilities} object ({@code {"sampling": {}}}). */
  public ObjectNode required() {
    return required.deepCopy();
  }
}
