/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.transport.ClientSession;
import org.pekkomcp.mcp.transport.RecordingChannel;
import org.slf4j.LoggerFactory;

/**
 * What a server and a session report to the {@link McpInstrumentation} of their system, and the
 * MDC of what they (and a handler) log, recorded from real actors.
 */
class McpInstrumentationTest {

  private static final ActorTestKit kit = ActorTestKit.create();
  private static final Recording recorded = new Recording();
  private static final Duration WAIT = Duration.ofSeconds(5);

  static {
    Instrumentation.get(kit.system()).install(recorded);
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  record Ended(String server, String method, RequestOutcome outcome) {}

  /** Every event, in the order reported. */
  static final class Recording implements McpInstrumentation {
    final Queue<Ended> requests = new ConcurrentLinkedQueue<>();
    final Queue<String> sessions = new ConcurrentLinkedQueue<>();
    final Queue<String> asks = new ConcurrentLinkedQueue<>();
    final Queue<String> timeouts = new ConcurrentLinkedQueue<>();

    @Override
    public void requestTimedOut(String server) {
      timeouts.add(server);
    }

    @Override
    public void requestEnded(String server, String method, RequestOutcome outcome, long nanos) {
      assertTrue(nanos >= 0, "a duration");
      requests.add(new Ended(server, method, outcome));
    }

    @Override
    public void clientAskEnded(String server, String method, AskOutcome outcome) {
      asks.add(server + " " + method + " " + outcome.tag());
    }

    @Override
    public void sessionOpened(String transport) {
      sessions.add("opened " + transport);
    }

    @Override
    public void sessionClosed(String transport) {
      sessions.add("closed " + transport);
    }
  }

  private static final CompletableFuture<ToolResult> never = new CompletableFuture<>();

  private static ActorRef<McpServer.Command> server(String name) {
    ServerDefinition definition = ServerDefinition.of(name, "1")
        .withTool(Tool.of("fine", "answers at once", Tool.emptySchema(),
            call -> CompletableFuture.completedFuture(ToolResult.text("fine"))))
        .withTool(Tool.of("later", "answers from another thread", Tool.emptySchema(),
            call -> CompletableFuture.supplyAsync(() -> ToolResult.text("later"))))
        .withTool(Tool.of("refuses", "an error result", Tool.emptySchema(),
            call -> CompletableFuture.completedFuture(ToolResult.error("no"))))
        .withTool(Tool.of("hangs", "never answers", Tool.emptySchema(), call -> never))
        .withTool(Tool.of("asks", "asks the client for its roots", Tool.emptySchema(),
            call -> call.context().ask("roots", ClientRequest.listRoots()).thenApply(reply -> ToolResult.text("asked"))))
        .withTool(Tool.of("logs", "logs through SLF4J", Tool.emptySchema(), call -> {
          LoggerFactory.getLogger("handler").info("handling");
          return CompletableFuture.completedFuture(ToolResult.text("logged"));
        }))
        .withResource(Resource.of("mem://broken", "broken", "fails", "text/plain",
            read -> CompletableFuture.failedFuture(new IllegalStateException("disk on fire"))));
    return kit.spawn(McpServer.create(definition));
  }

  private static String request(int id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
  }

  private static String call(int id, String tool) {
    return request(id, "tools/call", "{\"name\":\"" + tool + "\"}");
  }

  @Test
  void everyRequestIsReportedOnceWithItsOutcome() {
    ActorRef<McpServer.Command> server = server("instrumented");
    TestProbe<ToClient> client = kit.createTestProbe();
    List<String> sent = List.of(request(1, "ping", "{}"), call(2, "fine"), call(3, "later"), call(4, "refuses"),
        request(5, "resources/read", "{\"uri\":\"mem://broken\"}"), request(6, "tools/call", "{}"),
        request(7, "no/such", "{}"));
    sent.forEach(json -> server.tell(new McpServer.FromClient("s1", json, client.ref())));
    for (int answers = 0; answers < sent.size(); answers++) {
      client.expectMessageClass(ToClient.Response.class, WAIT);
    }
    server.tell(new McpServer.FromClient("s1", call(8, "hangs"), client.ref()));
    server.tell(new McpServer.FromClient("s1",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":8}}", client.ref()));

    client.awaitAssert(WAIT, () -> {
      assertEquals(sorted(List.of(
          new Ended("instrumented", "ping", RequestOutcome.OK),
          new Ended("instrumented", "tools/call", RequestOutcome.OK),
          new Ended("instrumented", "tools/call", RequestOutcome.TOOL_ERROR),
          new Ended("instrumented", "resources/read", RequestOutcome.INTERNAL_ERROR),
          new Ended("instrumented", "tools/call", RequestOutcome.INVALID_PARAMS),
          new Ended("instrumented", "other", RequestOutcome.METHOD_NOT_FOUND),
          new Ended("instrumented", "tools/call", RequestOutcome.OK), // "later", answered through the mailbox
          new Ended("instrumented", "tools/call", RequestOutcome.CANCELLED))), sorted(of("instrumented")));
      return null;
    });
    client.expectNoMessage(Duration.ofMillis(200)); // the cancelled request gets no answer
    assertEquals(8, of("instrumented").size(), "nothing reported twice");
  }

  @Test
  void aRequestWhoseSessionStopsIsReportedCancelled() {
    ActorRef<McpServer.Command> server = server("orphaned");
    TestProbe<ToClient> client = kit.createTestProbe();
    server.tell(new McpServer.FromClient("s2", call(1, "hangs"), client.ref()));
    client.stop();
    client.awaitAssert(WAIT, () -> {
      assertEquals(List.of(new Ended("orphaned", "tools/call", RequestOutcome.CANCELLED)), of("orphaned"));
      return null;
    });
  }

  @Test
  void aQuestionToTheClientIsReportedWithHowItEnded() {
    ActorRef<McpServer.Command> server = server("asking");
    TestProbe<ToClient> client = kit.createTestProbe();
    server.tell(new McpServer.FromClient("s5",
        request(1, "initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{}}}"), client.ref()));
    client.expectMessageClass(ToClient.Response.class, WAIT);
    server.tell(new McpServer.FromClient("s5", call(2, "asks"), client.ref()));
    String askId = McpServerTest.parse(client.expectMessageClass(ToClient.Notification.class, WAIT).json()).get("id").asText();
    server.tell(new McpServer.FromClient("s5",
        "{\"jsonrpc\":\"2.0\",\"id\":\"" + askId + "\",\"result\":{\"roots\":[]}}", client.ref()));
    client.expectMessageClass(ToClient.Response.class, WAIT);
    client.awaitAssert(WAIT, () -> {
      assertEquals(List.of("asking roots/list answered"),
          recorded.asks.stream().filter(a -> a.startsWith("asking ")).toList());
      return null;
    });
  }

  @Test
  void aFailingInstrumentationNeitherFailsNorRepeatsTheAnswer() {
    ActorTestKit own = ActorTestKit.create("failing-instrumentation");
    try {
      Instrumentation.get(own.system()).install(new McpInstrumentation() {
        @Override
        public void requestEnded(String server, String method, RequestOutcome outcome, long nanos) {
          throw new IllegalStateException("broken binding");
        }
      });
      ActorRef<McpServer.Command> server = own.spawn(McpServer.create(ServerDefinition.of("failing", "1")));
      TestProbe<ToClient> client = own.createTestProbe();
      server.tell(new McpServer.FromClient("s6", request(1, "ping", "{}"), client.ref()));
      server.tell(new McpServer.FromClient("s6", request(2, "ping", "{}"), client.ref()));
      assertEquals("1", client.expectMessageClass(ToClient.Response.class, WAIT).requestId());
      assertEquals("2", client.expectMessageClass(ToClient.Response.class, WAIT).requestId());
      client.expectNoMessage(Duration.ofMillis(200));
    } finally {
      own.shutdownTestKit();
    }
  }

  @Test
  void aSessionThatGivesUpWaitingForItsServerReportsIt() {
    server("slowpoke");
    RecordingChannel channel = RecordingChannel.responses();
    ActorRef<ClientSession.Command> session = kit.spawn(ClientSession.create("timeout-test", "slowpoke", "s7",
        Optional.empty(), Duration.ofMillis(300), Optional.empty()));
    session.tell(new ClientSession.Incoming(JsonRpcCodec.decode(request(1, "initialize",
        "{\"protocolVersion\":\"2025-06-18\"}")), channel));
    session.tell(new ClientSession.Incoming(JsonRpcCodec.decode(call(2, "hangs")), channel));
    kit.createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(List.of("slowpoke"), List.copyOf(recorded.timeouts));
      assertTrue(channel.seen().stream().anyMatch(a -> a.contains("\"id\":2") && a.contains("within")), channel.seen()::toString);
      return null;
    });
    session.tell(new ClientSession.Close());
  }

  @Test
  void sessionsAreReportedOpenedAndClosedWithTheirTransport() {
    ActorRef<ClientSession.Command> session = kit.spawn(ClientSession.create("test-transport", "nobody", "s3",
        Optional.empty(), WAIT, Optional.empty()));
    TestProbe<Object> watcher = kit.createTestProbe();
    watcher.awaitAssert(WAIT, () -> {
      assertTrue(recorded.sessions.contains("opened test-transport"));
      return null;
    });
    session.tell(new ClientSession.Close());
    watcher.expectTerminated(session, WAIT);
    watcher.awaitAssert(WAIT, () -> {
      assertEquals(List.of("opened test-transport", "closed test-transport"),
          recorded.sessions.stream().filter(s -> s.endsWith("test-transport")).toList());
      return null;
    });
  }

  @Test
  void whatIsLoggedWhileARequestIsHandledNamesServerSessionAndRequest() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Logger handler = (Logger) LoggerFactory.getLogger("handler");
    Logger library = (Logger) LoggerFactory.getLogger("org.pekkomcp.mcp.server");
    handler.setLevel(Level.INFO);
    handler.addAppender(appender);
    library.addAppender(appender);
    try {
      ActorRef<McpServer.Command> server = server("logged");
      TestProbe<ToClient> client = kit.createTestProbe();
      server.tell(new McpServer.FromClient("s4", call(11, "logs"), client.ref()));
      server.tell(new McpServer.FromClient("s4", request(12, "resources/read", "{\"uri\":\"mem://broken\"}"), client.ref()));
      client.expectMessageClass(ToClient.Response.class, WAIT);
      client.expectMessageClass(ToClient.Response.class, WAIT);
      client.awaitAssert(WAIT, () -> {
        List<ILoggingEvent> events = new ArrayList<>(appender.list);
        ILoggingEvent handled = events.stream().filter(e -> e.getMessage().equals("handling")).findFirst().orElseThrow();
        assertEquals(Map.of(McpMdc.SERVER, "logged", McpMdc.SESSION, "s4", McpMdc.REQUEST_ID, "11"),
            withoutPekkoKeys(handled.getMDCPropertyMap()));
        ILoggingEvent failed = events.stream()
            .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("disk on fire"))
            .findFirst().orElseThrow();
        assertEquals(Map.of(McpMdc.SERVER, "logged", McpMdc.SESSION, "s4", McpMdc.REQUEST_ID, "12"),
            withoutPekkoKeys(failed.getMDCPropertyMap()));
        return null;
      });
    } finally {
      handler.detachAppender(appender);
      library.detachAppender(appender);
    }
  }

  /** The MDC keys of this library, without the ones Pekko adds ({@code pekkoSource}, ...). */
  private static Map<String, String> withoutPekkoKeys(Map<String, String> mdc) {
    Map<String, String> ours = new HashMap<>(mdc);
    ours.keySet().removeIf(key -> !key.startsWith("mcp"));
    return ours;
  }

  private static List<Ended> of(String server) {
    return recorded.requests.stream().filter(e -> e.server().equals(server)).toList();
  }

  /** In a fixed order: a handler's answer through the mailbox may overtake requests sent after it. */
  private static List<Ended> sorted(List<Ended> events) {
    return events.stream().sorted(Comparator.comparing(Ended::toString)).toList();
  }
}
