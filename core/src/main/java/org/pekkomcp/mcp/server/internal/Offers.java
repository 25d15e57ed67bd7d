/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;

/**
 * The capabilities a server offers. A capability, once offered, stays offered: clients that saw
 * it keep using it, so a list that becomes empty still answers (empty) rather than vanishing.
 */
record Offers(boolean tools, boolean resources, boolean prompts, boolean completions) {

  /** These offers plus whatever the server now has something of; never fewer. */
  Offers widened(boolean hasTools, boolean hasResources, boolean hasPrompts) {
    return new Offers(tools || hasTools, resources || hasResources, prompts || hasPrompts, completions);
  }

  /** The {@code capabilities} object of initialize, server/discover and the registry entry. */
  ObjectNode capabilities() {
    ObjectNode caps = JsonRpcCodec.object();
    if (tools) {
      caps.putObject("tools").put("listChanged", true);
    }
    if (resources) {
      caps.putObject("resources").put("subscribe", true).put("listChanged", true);
    }
    if (prompts) {
      caps.putObject("prompts").put("listChanged", true);
    }
    caps.putObject("logging");
    if (completions) {
      caps.putObject("completions");
    }
    return caps;
  }
}
