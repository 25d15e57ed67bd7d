/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pekkomcp.mcp.server.McpServerTest.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;

/**
 * A handler asks a legacy session's client through {@link RequestContext#ask}: the question goes
 * out as a server-to-client request tied to the tool call, the client's response (or error, or
 * silence) comes back to the handler, and every way the exchange can go wrong ends with a clear
 * answer while the server keeps serving.
 */
class AskingTheClientTest {

  private static final ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString(
      "mcp.server.client-request-timeout = 1s").withFallback(ConfigFactory.load()));
  private static final AtomicInteger names = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private static ActorRef<McpServer.Command> server() {
    ClientRequest question = ClientRequest.createMessage((ObjectNode) parse(
        "{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"2+2?\"}}],\"maxTokens\":5}"));
    return kit.spawn(McpServer.create(ServerDefinition.of("asking-" + names.incrementAndGet(), "1")
        .withTool(Tool.of("ask", "asks the client's LLM", Tool.emptySchema(), call -> call.context().ask("q", question)
            .thenApply(reply -> ToolResult.text(reply.toString()))))));
  }

  private record Session(ActorRef<McpServer.Command> server, String id, TestProbe<ToClient> probe) {
    void send(String json) {
      server.tell(new McpServer.FromClient(id, json, probe.ref()));
    }

    /** The server's next question: a request tied to the client's request {@code relatedTo}. */
    JsonNode question(String relatedTo) {
      ToClient.Notification n = probe.expectMessageClass(ToClient.Notification.class, Duration.ofSeconds(5));
      assertEquals(Optional.of(relatedTo), n.relatedRequestId());
      JsonNode json = parse(n.json());
      assertTrue(json.get("id").isTextual(), json::toString);
      return json;
    }

    JsonNode answer(String requestId) {
      ToClient.Response r = probe.expectMessageClass(ToClient.Response.class, Duration.ofSeconds(5));
      assertEquals(requestId, r.requestId());
      return parse(r.json());
    }
  }

  private static Session initialized(ActorRef<McpServer.Command> server, String capabilities) {
    Session s = new Session(server, "session-" + names.incrementAndGet(), kit.createTestProbe());
    s.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
        + "\"capabilities\":" + capabilities + ",\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
    s.answer("1");
    return s;
  }

  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}";

  @Test
  void theClientsAnswerReachesTheHandler() {
    Session s = initialized(server(), "{\"sampling\":{}}");
    s.send(CALL);
    JsonNode question = s.question("2");
    assertEquals("sampling/createMessage", question.get("method").asText());
    assertEquals("2+2?", question.at("/params/messages/0/content/text").asText());
    s.send("{\"jsonrpc\":\"2.0\",\"id\":" + question.get("id") + ",\"result\":{\"role\":\"assistant\","
        + "\"content\":{\"type\":\"text\",\"text\":\"4\"},\"model\":\"m\"}}");
    String text = s.answer("2").at("/result/content/0/text").asText();
    assertTrue(text.startsWith("Accepted[value={\"role\":\"assistant\""), text);
  }

  @Test
  void anErrorFromTheClientIsAFailedReply() {
    Session s = initialized(server(), "{\"sampling\":{}}");
    s.send(CALL);
    JsonNode question = s.question("2");
    s.send("{\"jsonrpc\":\"2.0\",\"id\":" + question.get("id") + ",\"error\":{\"code\":-1,\"message\":\"user said no\"}}");
    assertEquals("Failed[reason=the client answered sampling/createMessage with error -1: user said no]",
        s.answer("2").at("/result/content/0/text").asText());
  }

  @Test
  void aClientWithoutTheCapabilityIsNeverAsked() {
    Session s = initialized(server(), "{\"elicitation\":{}}");
    s.send(CALL);
    JsonNode result = s.answer("2").get("result");
    assertTrue(result.get("isError").asBoolean(), result::toString);
    assertTrue(result.at("/content/0/text").asText().contains("{\"sampling\":{}}"), result::toString);
  }

  @Test
  void silenceEndsTheAskAfterTheTimeoutAndTheClientIsToldToStop() {
    Session s = initialized(server(), "{\"sampling\":{}}");
    s.send(CALL);
    JsonNode question = s.question("2");
    ToClient.Notification cancelled = s.probe().expectMessageClass(ToClient.Notification.class, Duration.ofSeconds(5));
    assertEquals(Optional.empty(), cancelled.relatedRequestId());
    assertEquals(question.get("id"), parse(cancelled.json()).at("/params/requestId"));
    assertEquals("notifications/cancelled", parse(cancelled.json()).get("method").asText());
    assertEquals("Failed[reason=the client did not answer within PT1S]", s.answer("2").at("/result/content/0/text").asText());
  }

  @Test
  void cancellingTheToolCallCancelsItsQuestion() {
    Session s = initialized(server(), "{\"sampling\":{}}");
    s.send(CALL);
    JsonNode question = s.question("2");
    s.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":2}}");
    JsonNode cancelled = parse(s.probe().expectMessageClass(ToClient.Notification.class, Duration.ofSeconds(5)).json());
    assertEquals(question.get("id"), cancelled.at("/params/requestId"));
    s.probe().expectNoMessage(Duration.ofMillis(200)); // the cancelled call gets no answer
  }

  @Test
  void answersToQuestionsNeverAskedAreDroppedAndTheServerKeepsServing() {
    ActorRef<McpServer.Command> server = server();
    Session asked = initialized(server, "{\"sampling\":{}}");
    Session other = initialized(server, "{\"sampling\":{}}");
    asked.send(CALL);
    JsonNode question = asked.question("2");
    // Another session answering the question, and an answer to an id nobody sent, change nothing.
    other.send("{\"jsonrpc\":\"2.0\",\"id\":" + question.get("id") + ",\"result\":{\"role\":\"assistant\",\"content\":{}}}");
    other.send("{\"jsonrpc\":\"2.0\",\"id\":\"never-sent\",\"result\":{}}");
    other.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
    assertEquals(JsonRpc.MAPPER.createObjectNode(), other.answer("3").get("result"));
    asked.send("{\"jsonrpc\":\"2.0\",\"id\":" + question.get("id") + ",\"result\":{\"role\":\"assistant\","
        + "\"content\":{\"type\":\"text\",\"text\":\"4\"}}}");
    assertTrue(asked.answer("2").at("/result/content/0/text").asText().startsWith("Accepted"));
  }

  @Test
  void aModernRequestWithoutTheCapabilityGetsMissingClientCapability() {
    Session s = new Session(server(), "stateless-1", kit.createTestProbe());
    s.send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"_meta\":{"
        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
    JsonNode error = s.answer("5").get("error");
    assertEquals(JsonRpc.MISSING_CLIENT_CAPABILITY, error.get("code").asInt());
    assertEquals(parse("{\"sampling\":{}}"), error.at("/data/requiredCapabilities"));
  }
}
