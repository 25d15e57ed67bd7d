/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.mcp.server.McpServerTest.parse;
import static org.pekkomcp.mcp.server.McpServerTest.schema;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolSchemaTest {

  private static List<String> problems(String schema, String value) {
    return ToolSchema.compile(schema(schema)).problems(parse(value), "arguments");
  }

  @Test
  void everyKeywordOf202012IsChecked() {
    String s = "{\"type\":\"object\",\"$defs\":{\"n\":{\"type\":\"integer\",\"minimum\":3}},\"properties\":{"
        + "\"k\":{\"enum\":[\"x\",\"y\"]},\"n\":{\"$ref\":\"#/$defs/n\"},\"e\":{\"type\":\"string\",\"format\":\"email\"},"
        + "\"p\":{\"type\":\"string\",\"pattern\":\"^a\"},\"o\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]},"
        + "\"c\":{\"const\":7},\"l\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
        + "\"required\":[\"k\"],\"additionalProperties\":false}";
    assertEquals(List.of(), problems(s, "{\"k\":\"x\",\"n\":3,\"e\":\"a@b.org\",\"p\":\"ab\",\"o\":1,\"c\":7,\"l\":[\"a\"]}"));
    assertEquals(List.of("arguments/n: must have a minimum value of 3"), problems(s, "{\"k\":\"x\",\"n\":2}"));
    assertEquals(1, problems(s, "{\"k\":\"z\"}").size());
    assertEquals(1, problems(s, "{\"k\":\"x\",\"e\":\"not an address\"}").size());
    assertEquals(1, problems(s, "{\"k\":\"x\",\"p\":\"ba\"}").size());
    assertTrue(problems(s, "{\"k\":\"x\",\"o\":true}").stream().anyMatch(p -> p.startsWith("arguments/o: ")));
    assertEquals(1, problems(s, "{\"k\":\"x\",\"c\":8}").size());
    assertEquals(List.of("arguments/l/0: integer found, string expected"), problems(s, "{\"k\":\"x\",\"l\":[1]}"));
    assertEquals(1, problems(s, "{\"k\":\"x\",\"extra\":true}").size());
    assertEquals(List.of("arguments: required property 'k' not found"), problems(s, "{}"));
  }

  @Test
  void theSchemasOwnDialectWins() {
    String draft7 = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"definitions\":{\"n\":{\"type\":\"integer\"}},"
        + "\"properties\":{\"n\":{\"$ref\":\"#/definitions/n\"}}}";
    assertEquals(List.of(), problems(draft7, "{\"n\":1}"));
    assertEquals(1, problems(draft7, "{\"n\":\"one\"}").size());
  }

  @Test
  void unresolvableAndRemoteReferencesAreRefusedWhenCompiled() {
    assertThrows(IllegalArgumentException.class, () -> ToolSchema.compile(schema("{\"$ref\":\"#/$defs/missing\"}")));
    assertThrows(IllegalArgumentException.class,
        () -> ToolSchema.compile(schema("{\"$ref\":\"http://127.0.0.1:9/schema.json\"}")));
  }
}
