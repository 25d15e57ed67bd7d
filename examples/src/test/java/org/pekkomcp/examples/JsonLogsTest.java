/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.server.McpMdc;
import org.slf4j.Logger;

/** {@code logback-json.xml}: each event is one line of JSON on stderr, with its MDC. */
class JsonLogsTest {

  @Test
  void eachEventIsOneJsonLineWithLevelLoggerMessageAndMdc() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(JsonLogsTest.class.getResource("/logback-json.xml"));
      Logger log = context.getLogger("org.pekkomcp.registry.cluster.internal.ClusterRegistry");
      context.getMDCAdapter().put(McpMdc.SERVER, "calculator");
      log.info("conflict on {}: {} wins", "calculator", "node-1");
      context.getLogger("org.apache.pekko.cluster.Cluster").info("below the root level: not written");
    } finally {
      context.stop();
      System.setErr(stderr);
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(1, lines.size(), "one line per event, nothing below the level: " + lines);
    JsonNode event = new ObjectMapper().readTree(lines.get(0));
    assertEquals("INFO", event.path("level").asText());
    assertEquals("org.pekkomcp.registry.cluster.internal.ClusterRegistry", event.path("loggerName").asText());
    assertEquals("conflict on calculator: node-1 wins", event.path("formattedMessage").asText());
    assertEquals("calculator", event.path("mdc").path(McpMdc.SERVER).asText());
    assertTrue(event.path("timestamp").asLong() > 0, lines.get(0));
  }
}
