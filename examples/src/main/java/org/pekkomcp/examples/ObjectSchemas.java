/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pekkomcp.mcp.server.Tool;

/** Input schemas for the example tools, whose arguments are all required and of one type. */
final class ObjectSchemas {

  private ObjectSchemas() {}

  /** {@code {"type":"object","properties":{name: {"type": type}, ...},"required":[names]}}. */
  static ObjectNode required(String type, String... names) {
    ObjectNode schema = Tool.emptySchema();
    ObjectNode properties = (ObjectNode) schema.get("properties");
    ArrayNode required = schema.putArray("required");
    for (String name : names) {
      properties.putObject(name).put("type", type);
      required.add(name);
    }
    return schema;
  }
}
