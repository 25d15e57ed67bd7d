/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.ClientMessage;
import org.pekkomcp.mcp.jsonrpc.Decoded;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.server.internal.McpWireSerializer;
import org.pekkomcp.registry.Groups;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;

/** The server's protocol, method by method and error by error, talking to it as a session would. */
class McpServerTest {

  private static final ActorTestKit kit = ActorTestKit.create();
  private static final AtomicInteger names = new AtomicInteger();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** A connection to one server, as a client session sees it. */
  private static final class Client {
    final TestProbe<ToClient> probe = kit.createTestProbe();
    final ActorRef<McpServer.Command> server;
    final String session;
    int nextId = 1;

    Client(ActorRef<McpServer.Command> server, String session) {
      this.server = server;
      this.session = session;
    }

    void send(String json) {
      server.tell(new McpServer.FromClient(session, json, probe.ref()));
    }

    JsonNode call(String method, String params) {
      int id = nextId++;
      send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\"" + (params == null ? "" : ",\"params\":" + params) + "}");
      ToClient.Response r = probe.expectMessageClass(ToClient.Response.class, Duration.ofSeconds(5));
      assertEquals(String.valueOf(id), r.requestId());
      assertEquals(session, r.sessionId());
      JsonNode json = parse(r.json());
      assertEquals(id, json.get("id").asInt());
      return json;
    }

    JsonNode result(String method, String params) {
      JsonNode json = call(method, params);
      assertTrue(json.has("result"), json::toString);
      return json.get("result");
    }

    int errorCode(String method, String params) {
      JsonNode json = call(method, params);
      assertTrue(json.has("error"), json::toString);
      assertFalse(json.toString().contains("\\tat "), "no stack trace");
      return json.get("error").get("code").asInt();
    }

    JsonNode notification(String method) {
      ToClient.Notification n = probe.expectMessageClass(ToClient.Notification.class, Duration.ofSeconds(5));
      JsonNode json = parse(n.json());
      assertEquals(method, json.get("method").asText(), json::toString);
      return json;
    }
  }

  static JsonNode parse(String json) {
    try {
      return JsonRpc.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static ObjectNode schema(String json) {
    return (ObjectNode) parse(json);
  }

  private static String uniqueName() {
    return "server-test-" + names.incrementAndGet();
  }

  private static ServerDefinition everything(String name) {
    ObjectNode addSchema = schema("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"]}");
    return ServerDefinition.of(name, "1.2.3")
        .withInstructions("be nice")
        .withTool(Tool.of("add", "adds", addSchema, call -> CompletableFuture.completedFuture(
            ToolResult.text(String.valueOf(call.arguments().get("a").asDouble() + call.arguments().get("b").asDouble())))))
        .withTool(Tool.of("boom", "throws", Tool.emptySchema(), call -> {
          throw new IllegalStateException("kaput");
        }))
        .withTool(Tool.of("fails", "fails later", Tool.emptySchema(),
            call -> CompletableFuture.failedFuture(new RuntimeException("failed on purpose"))))
        .withTool(Tool.of("slow", "reports progress and logs", Tool.emptySchema(), call -> {
          CompletableFuture<ToolResult> result = new CompletableFuture<>();
          CompletableFuture.runAsync(() -> {
            call.context().progress(1, 3);
            call.context().progress(1, 3); // not increasing: dropped
            call.context().log(LogLevel.INFO, "info line");
            call.context().log(LogLevel.ERROR, "error line");
            call.context().progress(3, 3);
            result.complete(ToolResult.text("done"));
          });
          return result;
        }))
        .withResource(Resource.of("test://static", "static", "a static text", "text/plain",
            read -> CompletableFuture.completedFuture(ResourceContents.text(read.uri(), "text/plain", "hello"))))
        .withResourceTemplate(ResourceTemplate.of("test://items/{id}/data", "items", "item data", "application/json",
            read -> CompletableFuture.completedFuture(
                ResourceContents.text(read.uri(), "application/json", "{\"id\":\"" + read.variables().get("id") + "\"}"))))
        .withPrompt(Prompt.of("greet", "greets", List.of(PromptArgument.required("who", "whom to greet")),
            get -> CompletableFuture.completedFuture(
                PromptResult.of(PromptResult.message("user", Content.text("Hello " + get.arguments().get("who")))))))
        .withCompletions(request -> CompletableFuture.completedFuture(
            CompletionResult.of(List.of(request.argumentValue() + "1", request.argumentValue() + "2"))));
  }

  private static Client start(ServerDefinition definition) {
    ActorRef<McpServer.Command> server = kit.spawn(McpServer.create(definition));
    TestProbe<Object> wait = kit.createTestProbe();
    wait.awaitAssert(Duration.ofSeconds(5), () -> {
      assertTrue(McpRegistry.get(kit.system()).whereis(Kind.SERVER, definition.name()).isPresent());
      return null;
    });
    return new Client(server, "session-" + names.incrementAndGet());
  }

  @Test
  void initializeNegotiatesTheVersionAndDescribesTheServer() {
    Client c = start(everything(uniqueName()));
    JsonNode result = c.result("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}");
    assertEquals("2025-11-25", result.get("protocolVersion").asText());
    assertEquals("1.2.3", result.get("serverInfo").get("version").asText());
    assertEquals("be nice", result.get("instructions").asText());
    JsonNode caps = result.get("capabilities");
    assertTrue(caps.get("tools").get("listChanged").asBoolean());
    assertTrue(caps.get("resources").get("subscribe").asBoolean());
    assertTrue(caps.has("prompts") && caps.has("logging") && caps.has("completions"), caps::toString);
    for (String older : List.of("2025-06-18", "2025-03-26", "2024-11-05")) {
      assertEquals(older, c.result("initialize", "{\"protocolVersion\":\"" + older + "\"}").get("protocolVersion").asText());
    }
    assertEquals(ProtocolVersions.LATEST, c.result("initialize", "{\"protocolVersion\":\"1999-01-01\"}").get("protocolVersion").asText());
    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("initialize", "{}"));
  }

  @Test
  void pingUnknownMethodsAndNotifications() {
    Client c = start(everything(uniqueName()));
    assertEquals(0, c.result("ping", null).size());
    assertEquals(JsonRpc.METHOD_NOT_FOUND, c.errorCode("no/such/method", "{}"));
    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("tools/list", "[1,2]"));
    c.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    c.send("{\"jsonrpc\":\"2.0\",\"method\":\"no/such/notification\"}");
    c.send("{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}");
    // None of the three is answered: the next message is the answer to a ping sent after them.
    assertEquals(0, c.result("ping", null).size());
    // An invalid message whose id is readable is still answered.
    c.send("{\"jsonrpc\":\"1.0\",\"id\":42,\"method\":\"ping\"}");
    ToClient.Response r = c.probe.expectMessageClass(ToClient.Response.class);
    assertEquals("42", r.requestId());
    assertEquals(JsonRpc.INVALID_REQUEST, parse(r.json()).get("error").get("code").asInt());
  }

  @Test
  void toolsAreListedInPages() {
    Client c = start(everything(uniqueName()).withPageSize(3));
    JsonNode first = c.result("tools/list", "{}");
    assertEquals(3, first.get("tools").size());
    assertEquals("add", first.get("tools").get(0).get("name").asText());
    assertEquals("object", first.get("tools").get(0).get("inputSchema").get("type").asText());
    JsonNode second = c.result("tools/list", "{\"cursor\":\"" + first.get("nextCursor").asText() + "\"}");
    assertEquals(1, second.get("tools").size());
    assertFalse(second.has("nextCursor"));
    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("tools/list", "{\"cursor\":\"garbage!\"}"));
  }

  @Test
  void toolCallsValidateArgumentsAndReportFailuresAsResults() {
    Client c = start(everything(uniqueName()));
    JsonNode ok = c.result("tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}");
    assertEquals("3.0", ok.get("content").get(0).get("text").asText());
    assertFalse(ok.has("isError"));

    JsonNode missing = c.result("tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":1}}");
    assertTrue(missing.get("isError").asBoolean());
    assertTrue(missing.get("content").get(0).get("text").asText().contains("'b'"));
    JsonNode wrongType = c.result("tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":\"one\",\"b\":2}}");
    assertTrue(wrongType.get("isError").asBoolean());
    assertTrue(wrongType.get("content").get(0).get("text").asText().contains("arguments/a"));

    JsonNode thrown = c.result("tools/call", "{\"name\":\"boom\"}");
    assertTrue(thrown.get("isError").asBoolean());
    assertEquals("kaput", thrown.get("content").get(0).get("text").asText());
    JsonNode failed = c.result("tools/call", "{\"name\":\"fails\",\"arguments\":{}}");
    assertEquals("failed on purpose", failed.get("content").get(0).get("text").asText());

    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("tools/call", "{\"name\":\"nope\"}"));
    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("tools/call", "{}"));
    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("tools/call", "{\"name\":\"add\",\"arguments\":[1]}"));
  }

  @Test
  void progressAndLogsComeBeforeTheAnswerAndRespectTheLevel() {
    Client c = start(everything(uniqueName()));
    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("logging/setLevel", "{\"level\":\"loud\"}"));
    assertEquals(0, c.result("logging/setLevel", "{\"level\":\"warning\"}").size());
    c.send("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\",\"_meta\":{\"progressToken\":\"tok\"}}}");
    JsonNode first = c.notification("notifications/progress");
    assertEquals("tok", first.get("params").get("progressToken").asText());
    assertEquals(1.0, first.get("params").get("progress").asDouble());
    assertEquals(3.0, first.get("params").get("total").asDouble());
    JsonNode log = c.notification("notifications/message");
    assertEquals("error", log.get("params").get("level").asText());
    assertEquals(3.0, c.notification("notifications/progress").get("params").get("progress").asDouble());
    ToClient.Response answer = c.probe.expectMessageClass(ToClient.Response.class);
    assertEquals("\"p\"", answer.requestId());
    assertEquals("done", parse(answer.json()).get("result").get("content").get(0).get("text").asText());
  }

  @Test
  void aCancelledRequestIsNeverAnswered() {
    CompletableFuture<Void> sawCancel = new CompletableFuture<>();
    ServerDefinition def = ServerDefinition.of(uniqueName(), "1").withTool(Tool.of("wait", "waits", Tool.emptySchema(), call -> {
      CompletableFuture<ToolResult> never = new CompletableFuture<>();
      call.context().cancellation().thenRun(() -> {
        never.complete(ToolResult.text("too late"));
        sawCancel.complete(null);
      });
      return never;
    }));
    Client c = start(def);
    c.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"wait\"}}");
    c.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7,\"reason\":\"bored\"}}");
    sawCancel.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
    // The tool's late result was handed over before sawCancel completed, so a ping sent now is
    // answered after it would have been: the ping's answer must be the next message.
    assertEquals(0, c.result("ping", null).size());
  }

  @Test
  void aSessionThatStopsCancelsItsRequests() {
    CompletableFuture<Void> sawCancel = new CompletableFuture<>();
    ServerDefinition def = ServerDefinition.of(uniqueName(), "1").withTool(Tool.of("wait", "waits", Tool.emptySchema(), call -> {
      call.context().cancellation().thenRun(() -> sawCancel.complete(null));
      return new CompletableFuture<>();
    }));
    Client c = start(def);
    c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"wait\"}}");
    // Sent after the call from the same thread, so answered only after the call reached the handler.
    assertEquals(0, new Client(c.server, "other-" + c.session).result("ping", null).size());
    c.probe.stop();
    sawCancel.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
  }

  @Test
  void resourcesTemplatesAndSubscriptions() {
    Client c = start(everything(uniqueName()));
    JsonNode list = c.result("resources/list", null);
    assertEquals("test://static", list.get("resources").get(0).get("uri").asText());
    assertEquals("test://items/{id}/data",
        c.result("resources/templates/list", null).get("resourceTemplates").get(0).get("uriTemplate").asText());
    assertEquals("hello", c.result("resources/read", "{\"uri\":\"test://static\"}").get("contents").get(0).get("text").asText());
    JsonNode item = c.result("resources/read", "{\"uri\":\"test://items/42/data\"}").get("contents").get(0);
    assertEquals("test://items/42/data", item.get("uri").asText());
    assertEquals("{\"id\":\"42\"}", item.get("text").asText());
    JsonNode missing = c.call("resources/read", "{\"uri\":\"test://nothing\"}");
    assertEquals(JsonRpc.RESOURCE_NOT_FOUND, missing.get("error").get("code").asInt());
    assertEquals("test://nothing", missing.get("error").get("data").get("uri").asText());
    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("resources/read", "{}"));

    assertEquals(0, c.result("resources/subscribe", "{\"uri\":\"test://static\"}").size());
    c.server.tell(new McpServer.ResourceUpdated("test://static"));
    assertEquals("test://static", c.notification("notifications/resources/updated").get("params").get("uri").asText());
    // An update of a resource nobody subscribed to, and one after the unsubscribe, are not sent:
    // each time the next message is the answer to the request sent after the update.
    c.server.tell(new McpServer.ResourceUpdated("test://other"));
    assertEquals(0, c.result("resources/unsubscribe", "{\"uri\":\"test://static\"}").size());
    c.server.tell(new McpServer.ResourceUpdated("test://static"));
    assertEquals(0, c.result("ping", null).size());
  }

  @Test
  void promptsAndCompletions() {
    Client c = start(everything(uniqueName()));
    JsonNode prompt = c.result("prompts/list", null).get("prompts").get(0);
    assertEquals("greet", prompt.get("name").asText());
    assertTrue(prompt.get("arguments").get(0).get("required").asBoolean());
    JsonNode got = c.result("prompts/get", "{\"name\":\"greet\",\"arguments\":{\"who\":\"Ada\"}}");
    assertEquals("Hello Ada", got.get("messages").get(0).get("content").get("text").asText());
    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("prompts/get", "{\"name\":\"greet\"}"));
    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("prompts/get", "{\"name\":\"nope\"}"));
    JsonNode completion = c.result("completion/complete",
        "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"who\",\"value\":\"A\"}}");
    assertEquals("A1", completion.get("completion").get("values").get(0).asText());
    assertEquals(JsonRpc.INVALID_PARAMS, c.errorCode("completion/complete", "{\"ref\":{}}"));
    Client plain = start(ServerDefinition.of(uniqueName(), "1"));
    assertEquals(JsonRpc.METHOD_NOT_FOUND, plain.errorCode("completion/complete",
        "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"greet\"},\"argument\":{\"name\":\"who\",\"value\":\"A\"}}"));
  }

  @Test
  void runTimeChangesAreListedAnnouncedAndRegistered() {
    String name = uniqueName();
    Client c = start(ServerDefinition.of(name, "1"));
    assertEquals(0, c.result("ping", null).size()); // the server now knows this session
    McpRegistry registry = McpRegistry.get(kit.system());
    assertFalse(registry.members(Groups.TOOLS).contains(c.server));
    assertTrue(registry.members(Groups.SERVERS).contains(c.server));

    c.server.tell(new McpServer.PutTool(Tool.of("late", "added later", Tool.emptySchema(),
        call -> CompletableFuture.completedFuture(ToolResult.text("late")))));
    c.notification("notifications/tools/list_changed");
    assertEquals("late", c.result("tools/list", null).get("tools").get(0).get("name").asText());
    TestProbe<Object> wait = kit.createTestProbe();
    wait.awaitAssert(Duration.ofSeconds(5), () -> {
      assertTrue(registry.members(Groups.TOOLS).contains(c.server));
      Registration entry = registry.whereis(Kind.SERVER, name).orElseThrow();
      assertTrue(entry.config().hasCapability("tools"));
      return null;
    });
    c.server.tell(new McpServer.PutPrompt(Prompt.of("p", "p", List.of(),
        get -> CompletableFuture.completedFuture(PromptResult.of()))));
    c.notification("notifications/prompts/list_changed");
    c.server.tell(new McpServer.RemoveTool("late"));
    c.notification("notifications/tools/list_changed");
    assertEquals(0, c.result("tools/list", null).get("tools").size());
  }

  @Test
  void aServerIsRegisteredUnderItsNameAndCleanedUpWhenItStops() {
    String name = uniqueName();
    Client c = start(everything(name));
    McpRegistry registry = McpRegistry.get(kit.system());
    Registration entry = registry.whereis(Kind.SERVER, name).orElseThrow();
    assertEquals(c.server, entry.ref());
    assertTrue(entry.config().capabilities().containsAll(List.of("tools", "resources", "prompts", "logging")));
    assertTrue(registry.members(Groups.RESOURCES).contains(c.server));

    // A second server under the same name stops instead of serving unreachable.
    TestProbe<Object> watcher = kit.createTestProbe();
    ActorRef<McpServer.Command> twin = kit.spawn(McpServer.create(everything(name)));
    watcher.expectTerminated(twin, Duration.ofSeconds(5));

    kit.stop(c.server);
    watcher.awaitAssert(Duration.ofSeconds(5), () -> {
      assertEquals(Optional.empty(), registry.whereis(Kind.SERVER, name));
      return null;
    });
  }

  @Test
  void handlersMayBeActors() {
    ActorRef<Handler.Ask<ToolCall, ToolResult>> actor = kit.spawn(Behaviors.receiveMessage(ask -> {
      ask.replyTo().tell(ToolResult.text("actor says " + ask.input().arguments().path("x").asText()));
      return Behaviors.same();
    }));
    ServerDefinition def = ServerDefinition.of(uniqueName(), "1").withTool(Tool.of("echo", "asks an actor",
        Tool.emptySchema(), Handler.ofActor(actor, Duration.ofSeconds(3), kit.system().scheduler())));
    Client c = start(def);
    JsonNode result = c.result("tools/call", "{\"name\":\"echo\",\"arguments\":{\"x\":\"hi\"}}");
    assertEquals("actor says hi", result.get("content").get(0).get("text").asText());
  }

  @Test
  void wireMessagesUseTheCompactSerializer() {
    Serialization serialization = SerializationExtension.get(kit.system().classicSystem());
    TestProbe<ToClient> probe = kit.createTestProbe();
    List<Object> messages = List.of(
        new McpServer.FromClient("s", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", probe.ref()),
        new ToClient.Response("s", "1", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"),
        new ToClient.Notification("s", Optional.of("\"x\""), "{}"),
        new ToClient.Notification("s", Optional.empty(), "{\"ü\":\"✓\"}"));
    for (Object message : messages) {
      assertInstanceOf(McpWireSerializer.class, serialization.findSerializerFor(message));
      byte[] bytes = serialization.serialize(message).get();
      Object back = serialization.deserialize(bytes, McpWireSerializer.IDENTIFIER,
          ((McpWireSerializer) serialization.findSerializerFor(message)).manifest(message)).get();
      assertEquals(message, back);
    }
  }

  @Test
  void aParsedMessageCrossesTheWireAsItsTextAndIsParsedThere() throws Exception {
    Serialization serialization = SerializationExtension.get(kit.system().classicSystem());
    TestProbe<ToClient> probe = kit.createTestProbe();
    String text = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{}}";
    JsonRpcMessage parsed = ((Decoded.Single) JsonRpcCodec.decode(text)).message();
    McpServer.FromClient local = new McpServer.FromClient("s", ClientMessage.of(parsed), probe.ref());
    assertTrue(local.message().isParsed());
    McpServer.FromClient back = (McpServer.FromClient) serialization.deserialize(serialization.serialize(local).get(),
        McpWireSerializer.IDENTIFIER, ((McpWireSerializer) serialization.findSerializerFor(local)).manifest(local)).get();
    assertFalse(back.message().isParsed());
    assertEquals(text, back.message().text());
    assertEquals(new Decoded.Single(parsed), back.message().decoded());
  }

  @Test
  void uriTemplatesMatchOneSegmentPerPlaceholder() {
    UriTemplate t = UriTemplate.parse("test://template/{id}/data");
    assertEquals(Optional.of(Map.of("id", "123")), t.match("test://template/123/data"));
    assertEquals(Optional.empty(), t.match("test://template/1/2/data"));
    assertEquals(Optional.empty(), t.match("test://template//data"));
  }
}
