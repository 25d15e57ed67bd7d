/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration attached to a registration: a JSON object holding the MCP capabilities of a
 * server ({@code {"capabilities": {"tools": {}, "resources": {"subscribe": true}}}}) and any
 * free-form metadata beside them.
 *
 * <p>Immutable: the object is copied in and copied out, so no caller can change an entry behind
 * the registry's back. Its compact JSON encoding is computed once; that is what the size limit
 * ({@code mcp.registry.max-config-bytes}) counts and what crosses the wire in a cluster.
 */
public final class EntryConfig {

  /** The field that holds MCP capabilities. */
  public static final String CAPABILITIES = "capabilities";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final EntryConfig EMPTY = new EntryConfig(MAPPER.createObjectNode());

  private final ObjectNode json;
  private final byte[] encoded;
  private final Set<String> capabilities;

  private EntryConfig(ObjectNode json) {
    this.json = json;
    try {
      this.encoded = MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("config cannot be encoded as JSON: " + e.getOriginalMessage(), e);
    }
    this.capabilities = readCapabilities(json);
  }

  /** An empty object: no capabilities, no metadata. */
  public static EntryConfig empty() {
    return EMPTY;
  }

  /**
   * Copies a JSON object.
   *
   * @throws IllegalArgumentException if {@code json} is null or not an object
   */
  public static EntryConfig of(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          "config must be a JSON object, got " + (json == null ? "null" : json.getNodeType()));
    }
    return new EntryConfig(((ObjectNode) json).deepCopy());
  }

  /**
   * Parses a JSON object.
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON object
   */
  public static EntryConfig parse(String json) {
    if (json == null) {
      throw new IllegalArgumentException("config must be a JSON object, got null");
    }
    try {
      return of(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("config is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses the compact encoding made by {@link #toBytes()}. */
  public static EntryConfig fromBytes(byte[] utf8Json) {
    if (utf8Json == null) {
      throw new IllegalArgumentException("config must be a JSON object, got null");
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(utf8Json);
    } catch (IOException e) {
      throw new IllegalArgumentException("config is not valid JSON: " + e.getMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("config must be a JSON object, got " + (json == null ? "nothing" : json.getNodeType()));
    }
    // A tree parsed here is referenced nowhere else: no copy needed.
    return new EntryConfig((ObjectNode) json);
  }

  /** A config that declares the given MCP capabilities, each with empty options. */
  public static EntryConfig withCapabilities(String... capabilityNames) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode caps = root.putObject(CAPABILITIES);
    Arrays.stream(capabilityNames).forEach(caps::putObject);
    return new EntryConfig(root);
  }

  /** A copy of the JSON object; changing it changes nothing here. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** A copy of one top-level field. */
  public Optional<JsonNode> get(String field) {
    JsonNode value = json.get(field);
    return value == null ? Optional.empty() : Optional.of(value.deepCopy());
  }

  /** The same config with one top-level field set to a copy of {@code value}. */
  public EntryConfig with(String field, JsonNode value) {
    ObjectNode copy = json.deepCopy();
    copy.set(field, value == null ? null : value.deepCopy());
    return new EntryConfig(copy);
  }

  /** The names of the capabilities declared under {@code "capabilities"}, in declaration order. */
  public Set<String> capabilities() {
    return capabilities;
  }

  public boolean hasCapability(String name) {
    return capabilities.contains(name);
  }

  /** The size of the compact JSON encoding in bytes. */
  public int encodedSize() {
    return encoded.length;
  }

  /** The compact JSON encoding, UTF-8. */
  public byte[] toBytes() {
    return encoded.clone();
  }

  /**
   * Writes the compact JSON encoding, UTF-8, the same bytes as {@link #toBytes()}, without
   * copying them first: a wire serializer writes every config it sends this way.
   *
   * <p>{@code out} is handed the encoding's own array, so it must not keep or change the array
   * after the call returns (the JDK's streams do neither).
   */
  public void writeTo(OutputStream out) throws IOException {
    out.write(encoded);
  }

  /** The compact JSON text. */
  public String toJson() {
    return new String(encoded, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EntryConfig that && json.equals(that.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }

  private static Set<String> readCapabilities(ObjectNode json) {
    JsonNode caps = json.get(CAPABILITIES);
    if (caps == null || !caps.isObject()) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (Iterator<String> it = caps.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode value = caps.get(name);
      // MCP declares a capability with an options object; `true` is accepted as shorthand.
      if (value.isObject() || (value.isBoolean() && value.booleanValue())) {
        names.add(name);
      }
    }
    return Collections.unmodifiableSet(names);
  }
}
