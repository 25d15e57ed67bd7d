/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.transport.http.HttpSettings;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * The official MCP Java SDK client (io.modelcontextprotocol.sdk:mcp 2.2.0), written by others,
 * against the fixture server: over Streamable HTTP in this JVM, and over stdio with the server in
 * a child JVM it spawns. The client answers the server's questions (elicitation, sampling, roots).
 */
class JavaSdkClientTest {

  private static final ActorTestKit kit = ActorTestKit.create();
  private static String httpBase;

  private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
  private final List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
  private final AtomicReference<List<McpSchema.Tool>> changedTools = new AtomicReference<>();
  private McpSyncClient client;

  @BeforeAll
  static void startServer() throws Exception {
    AtomicReference<ActorRef<McpServer.Command>> self = new AtomicReference<>();
    self.set(kit.spawn(McpServer.create(ConformanceFixture.definition(self))));
    kit.spawn(HttpTransport.create(HttpSettings.fromConfig(kit.system().settings().config()).withPort(0).withName("sdk-http")));
    McpRegistry.get(kit.system()).await(Kind.SERVER, ConformanceFixture.NAME, Duration.ofSeconds(10)).toCompletableFuture().get();
    httpBase = McpRegistry.get(kit.system()).await(Kind.TRANSPORT, "sdk-http", Duration.ofSeconds(10))
        .toCompletableFuture().get().orElseThrow().config().get("url").orElseThrow().asText();
  }

  @AfterAll
  static void stopServer() {
    kit.shutdownTestKit();
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close(); // for stdio this ends the child process
    }
    // Whatever happened above, no fixture process outlives the test.
    ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains(ConformanceFixture.class.getName()))
        .forEach(ProcessHandle::destroyForcibly);
  }

  private McpSyncClient connect(McpClientTransport transport) {
    client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(20))
        .initializationTimeout(Duration.ofSeconds(60))
        .progressConsumer(progress::add)
        .loggingConsumer(logs::add)
        .toolsChangeConsumer(changedTools::set)
        .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().roots(true).build())
        .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "Alice")))
        .sampling(request -> McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, "Hello from the SDK", "sdk-model")
            .build())
        .roots(new McpSchema.Root("file:///sdk-root", "SDK root"))
        .build();
    return client;
  }

  @Test
  void overStreamableHttp() {
    URI base = URI.create(httpBase);
    McpClientTransport transport = HttpClientStreamableHttpTransport.builder("http://" + base.getAuthority())
        .endpoint(base.getPath() + "/" + ConformanceFixture.NAME).build();
    exercise(connect(transport));
  }

  @Test
  void overStdioWithTheServerInAChildProcess() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ServerParameters params = ServerParameters.builder(java)
        .args("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            ConformanceFixture.class.getName(), "stdio")
        .build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    exercise(connect(transport));
  }

  /** What every client does first and most: the same checks over either transport. */
  private void exercise(McpSyncClient c) {
    McpSchema.InitializeResult init = c.initialize();
    assertEquals(ConformanceFixture.NAME, init.serverInfo().name());
    assertEquals("2025-11-25", init.protocolVersion());
    assertNotNull(init.capabilities().tools());
    c.ping();

    List<String> tools = c.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    assertTrue(tools.containsAll(List.of("test_simple_text", "test_tool_with_progress", "add_dynamic_tool")), tools::toString);
    McpSchema.CallToolResult text = c.callTool(new McpSchema.CallToolRequest("test_simple_text", Map.of()));
    assertEquals("This is a simple text response for testing.", ((McpSchema.TextContent) text.content().get(0)).text());
    McpSchema.CallToolResult failed = c.callTool(new McpSchema.CallToolRequest("test_error_handling", Map.of()));
    assertTrue(failed.isError());

    McpSchema.ReadResourceResult read = c.readResource(new McpSchema.ReadResourceRequest("test://template/7/data"));
    assertTrue(((McpSchema.TextResourceContents) read.contents().get(0)).text().contains("Data for ID: 7"));
    McpSchema.GetPromptResult prompt = c.getPrompt(new McpSchema.GetPromptRequest("test_prompt_with_arguments",
        Map.of("arg1", "hello", "arg2", "world")));
    assertEquals("Prompt with arguments: arg1='hello', arg2='world'",
        ((McpSchema.TextContent) prompt.messages().get(0).content()).text());

    c.setLoggingLevel(McpSchema.LoggingLevel.DEBUG);
    c.callTool(McpSchema.CallToolRequest.builder().name("test_tool_with_progress").arguments(Map.of())
        .progressToken("sdk-progress").build());
    c.callTool(new McpSchema.CallToolRequest("test_tool_with_logging", Map.of()));
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      // The SDK hands notifications to this consumer on its own scheduler, so their arrival order
      // here is not the wire order (seen once: [50, 100, 0]); McpServerTest checks the wire order.
      assertEquals(List.of(0.0, 50.0, 100.0), progress.stream().map(McpSchema.ProgressNotification::progress).sorted().toList());
      assertTrue(logs.size() >= 3, logs::toString);
      return null;
    });

    c.callTool(new McpSchema.CallToolRequest("add_dynamic_tool", Map.of()));
    probe.awaitAssert(Duration.ofSeconds(10), () -> {
      List<McpSchema.Tool> changed = changedTools.get();
      assertNotNull(changed, "no tools/list_changed reached the client");
      assertTrue(changed.stream().anyMatch(t -> t.name().equals("dynamic_tool")), changed::toString);
      return null;
    });
    McpSchema.CallToolResult dynamic = c.callTool(new McpSchema.CallToolRequest("dynamic_tool", Map.of()));
    assertEquals("dynamic", ((McpSchema.TextContent) dynamic.content().get(0)).text());

    // One tool call asks three questions at once; the client answers each on its own.
    McpSchema.CallToolResult asked = c.callTool(new McpSchema.CallToolRequest("test_input_required_result_multiple_inputs", Map.of()));
    String answers = ((McpSchema.TextContent) asked.content().get(0)).text();
    assertTrue(answers.contains("\"name\":\"Alice\"") && answers.contains("Hello from the SDK")
        && answers.contains("file:///sdk-root"), answers);
  }
}
