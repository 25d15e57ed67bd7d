/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntryConfigTest {

  @Test
  void isCopiedInAndOut() {
    ObjectNode source = JsonNodeFactory.instance.objectNode().put("v", 1);
    EntryConfig config = EntryConfig.of(source);
    source.put("v", 2);
    config.json().put("v", 3);
    assertEquals("{\"v\":1}", config.toJson());
  }

  @Test
  void readsCapabilitiesInDeclarationOrder() {
    EntryConfig config = EntryConfig.parse(
        "{\"capabilities\":{\"tools\":{},\"resources\":{\"subscribe\":true},\"prompts\":true,\"logging\":false,\"x\":null}}");
    assertEquals(List.of("tools", "resources", "prompts"), List.copyOf(config.capabilities()));
    assertEquals(Set.of("tools", "prompts"), EntryConfig.withCapabilities("tools", "prompts").capabilities());
    assertEquals(Set.of(), EntryConfig.parse("{\"capabilities\":[\"tools\"]}").capabilities());
  }

  @Test
  void standardGroupsFollowKindAndCapabilities() {
    assertEquals(Set.of(Groups.SERVERS, Groups.TOOLS, Groups.PROMPTS),
        Groups.standardGroups(Kind.SERVER, EntryConfig.withCapabilities("tools", "prompts", "logging")));
    assertEquals(Set.of(Groups.TRANSPORTS), Groups.standardGroups(Kind.TRANSPORT, EntryConfig.withCapabilities("tools")));
  }

  @Test
  void roundTripsThroughItsEncoding() {
    EntryConfig config = EntryConfig.parse("{\"name\":\"caf\u00e9\",\"n\":[1,2,{\"deep\":true}]}");
    assertEquals(config, EntryConfig.fromBytes(config.toBytes()));
    assertEquals(config.toBytes().length, config.encodedSize());
    assertNotEquals(config, EntryConfig.empty());
  }

  @Test
  void writesTheSameBytesItHandsOut() throws IOException {
    for (EntryConfig config : List.of(EntryConfig.empty(), EntryConfig.withCapabilities("tools"),
        EntryConfig.parse("{\"name\":\"caf\u00e9\",\"n\":[1,2,{\"deep\":true}]}"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(7);
      config.writeTo(out);
      byte[] written = out.toByteArray();
      assertEquals(1 + config.encodedSize(), written.length);
      assertEquals(7, written[0]);
      assertArrayEquals(config.toBytes(), Arrays.copyOfRange(written, 1, written.length));
      assertEquals(config, EntryConfig.fromBytes(Arrays.copyOfRange(written, 1, written.length)));
    }
  }

  @Test
  void rejectsWhatIsNotAnObject() {
    assertThrows(IllegalArgumentException.class, () -> EntryConfig.of(null));
    assertThrows(IllegalArgumentException.class, () -> EntryConfig.parse(null));
    assertThrows(IllegalArgumentException.class, () -> EntryConfig.parse("null"));
    assertThrows(IllegalArgumentException.class, () -> EntryConfig.of(JsonNodeFactory.instance.arrayNode()));
  }

  @Test
  void equalConfigsHashAlikeAndPrintAsTheirCompactJson() {
    EntryConfig a = EntryConfig.parse("{ \"v\" : 1, \"w\" : [true] }");
    EntryConfig b = EntryConfig.fromBytes("{\"v\":1,\"w\":[true]}".getBytes(StandardCharsets.UTF_8));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals("{\"v\":1,\"w\":[true]}", a.toString());
  }

  @Test
  void bytesThatHoldNoJsonObjectAreRejected() {
    for (String text : List.of("", "   ", "[1]", "7", "{\"v\":")) {
      assertThrows(IllegalArgumentException.class,
          () -> EntryConfig.fromBytes(text.getBytes(StandardCharsets.UTF_8)), text);
    }
    assertThrows(IllegalArgumentException.class, () -> EntryConfig.fromBytes(null));
  }
}
