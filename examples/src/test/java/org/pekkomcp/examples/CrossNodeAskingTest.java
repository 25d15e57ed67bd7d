/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.examples.InJvmNodes.options;
import static org.pekkomcp.examples.InJvmNodes.testConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.server.ClientReply;
import org.pekkomcp.mcp.server.ClientRequest;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * A server on node 2 asks clients whose endpoint is node 1's, with one handler for both eras: the
 * official Java SDK client (legacy session on node 1) answers the server-to-client requests, which
 * travel from node 2 to the session and its answers back; a 2026-07-28 client gets an
 * {@code InputRequiredResult} from node 2 through node 1, answers, and its retry completes, while a
 * tampered {@code requestState} is refused and the server keeps serving.
 */
class CrossNodeAskingTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String SERVER = "asking";

  private static ActorTestKit node1;
  private static ActorTestKit node2;
  private static URI endpoint;

  @BeforeAll
  static void startCluster() throws Exception {
    NodeOptions first = options("--cluster-port", "0", "--http-port", "0", "--servers", "none");
    node1 = ActorTestKit.create(NodeOptions.SYSTEM_NAME, testConfig(first));
    String joinAt = node1.system().address().getHost().orElseThrow() + ":" + node1.system().address().getPort().orElseThrow();
    node2 = ActorTestKit.create(NodeOptions.SYSTEM_NAME, testConfig(options("--join", joinAt, "--servers", "none")));
    node1.spawn(HttpTransport.create(McpNode.httpSettings(first, node1.system())), "http");
    node2.spawn(McpServer.create(asking()), SERVER);
    endpoint = URI.create(McpRegistry.get(node1.system()).await(Kind.TRANSPORT, McpNode.transportName(node1.system()), PATIENCE)
        .toCompletableFuture().get().orElseThrow().config().get("url").orElseThrow().asText() + "/" + SERVER);
    McpRegistry.get(node1.system()).await(Kind.SERVER, SERVER, PATIENCE).toCompletableFuture().get().orElseThrow();
  }

  @AfterAll
  static void stopCluster() {
    for (ActorTestKit kit : new ActorTestKit[] {node2, node1}) {
      if (kit != null) {
        kit.shutdownTestKit();
      }
    }
  }

  /** One tool that asks the user's name, the client's LLM and its roots, and reports what it got. */
  private static ServerDefinition asking() {
    ObjectNode nameSchema = JsonRpc.MAPPER.createObjectNode().put("type", "object");
    nameSchema.putObject("properties").putObject("name").put("type", "string");
    ObjectNode sampling = JsonRpc.MAPPER.createObjectNode().put("maxTokens", 10);
    sampling.putArray("messages").addObject().put("role", "user").putObject("content").put("type", "text").put("text", "Hi");
    return ServerDefinition.of(SERVER, "1").withTool(Tool.of("greet", "asks three questions", Tool.emptySchema(), call -> {
      CompletableFuture<ClientReply> name = call.context().ask("name", ClientRequest.elicit("Your name?", nameSchema)).toCompletableFuture();
      CompletableFuture<ClientReply> llm = call.context().ask("llm", ClientRequest.createMessage(sampling)).toCompletableFuture();
      CompletableFuture<ClientReply> roots = call.context().ask("roots", ClientRequest.listRoots()).toCompletableFuture();
      return CompletableFuture.allOf(name, llm, roots).thenApply(v -> ToolResult.text(
          "name " + name.join() + "; llm " + llm.join() + "; roots " + roots.join()));
    }));
  }

  @Test
  void theJavaSdkClientOnNode1AnswersTheQuestionsOfTheServerOnNode2() {
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://" + endpoint.getAuthority())
            .endpoint(endpoint.getPath()).build())
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(PATIENCE)
        .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().roots(true).build())
        .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "Ada")))
        .sampling(request -> McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, "Hello", "m").build())
        .roots(new McpSchema.Root("file:///node1", "root"))
        .build();
    try {
      client.initialize();
      McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name("greet").arguments(Map.of()).build());
      String text = ((McpSchema.TextContent) result.content().get(0)).text();
      assertTrue(text.contains("\"name\":\"Ada\"") && text.contains("Hello") && text.contains("file:///node1"), text);
    } finally {
      client.close();
    }
  }

  @Test
  void aModernClientAnswersOnItsRetryThroughNode1AndATamperedStateIsRefused() throws Exception {
    JsonNode first = modernCall("{}");
    assertEquals("input_required", first.at("/result/resultType").asText(), first::toString);
    assertEquals("elicitation/create", first.at("/result/inputRequests/name/method").asText());
    assertEquals("roots/list", first.at("/result/inputRequests/roots/method").asText());
    String state = first.at("/result/requestState").asText();

    JsonNode tampered = modernCall("{\"requestState\":\"" + state + "x\"}");
    assertEquals(JsonRpc.INVALID_PARAMS, tampered.at("/error/code").asInt(), tampered::toString);

    JsonNode done = modernCall("{\"requestState\":\"" + state + "\",\"inputResponses\":{"
        + "\"name\":{\"action\":\"accept\",\"content\":{\"name\":\"Grace\"}},"
        + "\"llm\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Hey\"},\"model\":\"m\"},"
        + "\"roots\":{\"roots\":[{\"uri\":\"file:///modern\"}]}}}");
    assertEquals("complete", done.at("/result/resultType").asText(), done::toString);
    String text = done.at("/result/content/0/text").asText();
    assertTrue(text.contains("Grace") && text.contains("Hey") && text.contains("file:///modern"), text);
  }

  /** A 2026-07-28 tools/call of greet with {@code extra} merged into its params. */
  private static JsonNode modernCall(String extra) throws Exception {
    ObjectNode params = (ObjectNode) JsonRpc.MAPPER.readTree(extra);
    params.put("name", "greet");
    ObjectNode meta = params.putObject("_meta");
    meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    meta.putObject("io.modelcontextprotocol/clientCapabilities").putObject("elicitation");
    meta.with("io.modelcontextprotocol/clientCapabilities").putObject("sampling");
    meta.with("io.modelcontextprotocol/clientCapabilities").putObject("roots");
    ObjectNode request = JsonRpc.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", 7).put("method", "tools/call");
    request.set("params", params);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", "greet")
        .timeout(PATIENCE).POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(), HttpResponse.BodyHandlers.ofString());
    return JsonRpc.MAPPER.readTree(response.body());
  }
}
