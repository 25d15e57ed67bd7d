/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.server.LogLevel;
import org.pekkomcp.mcp.server.Resource;
import org.pekkomcp.mcp.server.ResourceContents;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;

/**
 * The MCP server the failover tests declare cluster-wide: each instance says who it is, so a
 * client can tell which instance answered and whether two ever answered in turn.
 *
 * <ul>
 *   <li>tool {@code where}: answers {@code {"node": ADDRESS, "instance": ID}} as structured
 *       content, and logs one {@code debug} message (which a client sees only if it lowered its
 *       log level below the default {@code info}: how a test sees the level survive a move);
 *   <li>resource {@value #STATE_URI}, which clients may subscribe to; {@code resource-updated}
 *       on the hosting node makes the instance notify its subscribers.
 * </ul>
 */
final class ProbeServer {

  static final String STATE_URI = "probe://state";

  private ProbeServer() {}

  /** One instance of server {@code name}, started on {@code node}; {@code instance} is unique per start. */
  static ServerDefinition definition(String name, String node, String instance) {
    ObjectNode identity = JsonRpcCodec.object().put("node", node).put("instance", instance);
    return ServerDefinition.of(name, "1.0.0")
        .withTool(Tool.of("where", "The node and instance that answered", Tool.emptySchema(), call -> {
          call.context().log(LogLevel.DEBUG, "where answered by " + instance);
          return CompletableFuture.completedFuture(ToolResult.text(identity.toString()).withStructuredContent(identity.deepCopy()));
        }))
        .withResource(Resource.of(STATE_URI, "state", "Changes when a test says so", "text/plain",
            read -> CompletableFuture.completedFuture(ResourceContents.text(STATE_URI, "text/plain", instance))));
  }
}
