/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.util.List;
import java.util.Objects;

/**
 * A tool's input or output JSON Schema, compiled once (when the tool is put on a server) by
 * networknt's json-schema-validator, the library the official MCP SDKs for Java use too.
 *
 * <p>A schema names its dialect with {@code $schema}; without one it is JSON Schema 2020-12, the
 * default MCP gives. Every keyword of the dialect is checked, {@code format} included (asserted,
 * not only annotated: a tool that says {@code "format":"email"} gets e-mail addresses). References
 * resolve inside the schema only: a {@code $ref} to a remote document is never fetched, so a
 * client can not make the server download anything, and such a schema is refused when compiled.
 */
public final class ToolSchema {

  /**
   * 2020-12, knowing MCP's {@code x-mcp-header} annotation
   * ({@link org.pekkomcp.mcp.server.internal.ParamHeaders}), which validates nothing.
   */
  private static final Dialect DIALECT = Dialect.builder(Dialects.getDraft202012())
      .keyword(new NonValidationKeyword("x-mcp-header")).build();

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(DIALECT,
      builder -> builder
          .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
          .schemaLoader(loader -> loader.fetchRemoteResources(false)));

  private final Schema schema;

  private ToolSchema(Schema schema) {
    this.schema = schema;
  }

  /**
   * Compiles {@code schema}, resolving its references now.
   *
   * @throws IllegalArgumentException when the schema can not be compiled or a reference does not resolve
   */
  public static ToolSchema compile(ObjectNode schema) {
    Objects.requireNonNull(schema, "schema");
    try {
      Schema compiled = REGISTRY.getSchema(schema.deepCopy());
      compiled.initializeValidators();
      return new ToolSchema(compiled);
    } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException("invalid JSON Schema: " + e.getMessage(), e);
    }
  }

  /**
   * What is wrong with {@code value}, one line per problem, each starting with where it is
   * ({@code root} for the value itself, {@code root/a/0} below it); empty when it conforms.
   */
  public List<String> problems(JsonNode value, String root) {
    return schema.validate(value).stream().map(e -> describe(e, root)).toList();
  }

  private static String describe(Error error, String root) {
    String at = error.getInstanceLocation().toString();
    return root + (at.isEmpty() || at.equals("/") ? "" : at) + ": " + error.getMessage();
  }
}
