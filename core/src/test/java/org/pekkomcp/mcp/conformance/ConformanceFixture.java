/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.server.CompletionResult;
import org.pekkomcp.mcp.server.Content;
import org.pekkomcp.mcp.server.Handler;
import org.pekkomcp.mcp.server.LogLevel;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.Prompt;
import org.pekkomcp.mcp.server.PromptArgument;
import org.pekkomcp.mcp.server.PromptResult;
import org.pekkomcp.mcp.server.Resource;
import org.pekkomcp.mcp.server.ResourceContents;
import org.pekkomcp.mcp.server.ResourceTemplate;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolCall;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.mcp.transport.http.HttpSettings;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.mcp.transport.stdio.StdioTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * The server the official conformance suite expects (its fixed tool, resource and prompt names),
 * built on this library, plus a {@code main} that serves it over stdio or HTTP so real clients
 * can be pointed at it. The tools and the prompt that ask the client are in {@link AskingFixture}.
 */
public final class ConformanceFixture {

  public static final String NAME = "conformance";

  /** A 1x1 red PNG. */
  static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
  /** Eight silent samples of 16-bit mono WAV. */
  static final String WAV = "UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YRAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private ConformanceFixture() {}

  /**
   * The fixture. {@code self} is filled in with the running server's ref once it is registered;
   * the extra tool {@code add_dynamic_tool} uses it to add {@code dynamic_tool} at run time, so a
   * client in another process can watch {@code notifications/tools/list_changed}.
   */
  public static ServerDefinition definition(AtomicReference<ActorRef<McpServer.Command>> self) {
    return AskingFixture.addTo(ServerDefinition.of(NAME, "1.0.0")
        .withInstructions("The MCP conformance fixture of pekko-mcp.")
        .withTool(fixed("test_simple_text", "Returns simple text", ToolResult.text("This is a simple text response for testing.")))
        .withTool(fixed("test_image_content", "Returns an image", ToolResult.of(Content.image(PNG, "image/png"))))
        .withTool(fixed("test_audio_content", "Returns audio", ToolResult.of(Content.audio(WAV, "audio/wav"))))
        .withTool(fixed("test_embedded_resource", "Returns an embedded resource", ToolResult.of(
            Content.embeddedText("test://embedded-resource", "text/plain", "This is an embedded resource content."))))
        .withTool(fixed("test_multiple_content_types", "Returns mixed content", ToolResult.of(
            Content.text("Multiple content types test:"),
            Content.image(PNG, "image/png"),
            Content.embeddedText("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}"))))
        .withTool(Tool.of("test_tool_with_logging", "Logs three messages while it runs", Tool.emptySchema(),
            ConformanceFixture::withLogging))
        .withTool(Tool.of("test_error_handling", "Always fails", Tool.emptySchema(), call -> {
          throw new IllegalStateException("This tool intentionally returns an error for testing");
        }))
        .withTool(Tool.of("test_tool_with_progress", "Reports progress 0, 50, 100 of 100", Tool.emptySchema(),
            ConformanceFixture::withProgress))
        .withTool(Tool.of("test_logging_tool", "Logs one message (a 2026-07-28 request gets it only with a logLevel)",
            Tool.emptySchema(), call -> {
              call.context().log(LogLevel.INFO, "test_logging_tool ran");
              return done(ToolResult.text("logged"));
            }))
        .withTool(Tool.of("add_dynamic_tool", "Adds the tool dynamic_tool to this server", Tool.emptySchema(), addDynamicTool(self)))
        .withTool(Tool.of("test_trigger_tool_change", "Adds the tool dynamic_tool to this server", Tool.emptySchema(),
            addDynamicTool(self)))
        .withTool(Tool.of("test_trigger_prompt_change", "Adds the prompt dynamic_prompt to this server", Tool.emptySchema(), call -> {
          self.get().tell(new McpServer.PutPrompt(Prompt.of("dynamic_prompt", "Added at run time", List.of(),
              get -> done(PromptResult.of(PromptResult.message("user", Content.text("dynamic")))))));
          return done(ToolResult.text("added dynamic_prompt"));
        }))
        .withTool(Tool.of("test_reconnection", "Answers after 1.5 s, so a server that polls (sse-poll-after) closes its stream first",
            Tool.emptySchema(), call -> {
              call.context().log(LogLevel.INFO, "test_reconnection started");
              return CompletableFuture.supplyAsync(() -> ToolResult.text("Reconnection test completed"), after(1500));
            }))
        .withTool(Tool.of("test_custom_header", "Echoes its region, which HTTP clients mirror in Mcp-Param-Region",
            schema("{\"type\":\"object\",\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"}},"
                + "\"required\":[\"region\"]}"),
            call -> done(ToolResult.text("region " + call.arguments().path("region").asText()))))
        .withTool(Tool.of("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features", schema2020(),
            call -> CompletableFuture.completedFuture(ToolResult.text("received " + call.arguments()))))
        .withResource(Resource.of("test://static-text", "static-text", "A static text resource", "text/plain",
            read -> done(ResourceContents.text(read.uri(), "text/plain", "This is the content of the static text resource."))))
        .withResource(Resource.of("test://static-binary", "static-binary", "A static binary resource", "image/png",
            read -> done(ResourceContents.blob(read.uri(), "image/png", PNG))))
        .withResource(Resource.of("test://watched-resource", "watched-resource", "A resource to subscribe to", "text/plain",
            read -> done(ResourceContents.text(read.uri(), "text/plain", "Watched resource content"))))
        .withResourceTemplate(ResourceTemplate.of("test://template/{id}/data", "template", "Data by id", "application/json",
            read -> {
              String id = read.variables().get("id");
              return done(ResourceContents.text(read.uri(), "application/json",
                  "{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id + "\"}"));
            }))
        .withPrompt(Prompt.of("test_simple_prompt", "A prompt without arguments", List.of(),
            get -> done(PromptResult.of(PromptResult.message("user", Content.text("This is a simple prompt for testing."))))))
        .withPrompt(Prompt.of("test_prompt_with_arguments", "A prompt with two arguments",
            List.of(PromptArgument.required("arg1", "First test argument"), PromptArgument.required("arg2", "Second test argument")),
            get -> done(PromptResult.of(PromptResult.message("user", Content.text(
                "Prompt with arguments: arg1='" + get.arguments().get("arg1") + "', arg2='" + get.arguments().get("arg2") + "'"))))))
        .withPrompt(Prompt.of("test_prompt_with_embedded_resource", "A prompt embedding a resource",
            List.of(PromptArgument.required("resourceUri", "URI of the resource to embed")),
            get -> done(PromptResult.of(
                PromptResult.message("user", Content.embeddedText(get.arguments().get("resourceUri"), "text/plain",
                    "Embedded resource content for testing.")),
                PromptResult.message("user", Content.text("Please process the embedded resource above."))))))
        .withPrompt(Prompt.of("test_prompt_with_image", "A prompt with an image", List.of(),
            get -> done(PromptResult.of(
                PromptResult.message("user", Content.image(PNG, "image/png")),
                PromptResult.message("user", Content.text("Please analyze the image above."))))))
        .withCompletions(request -> done(CompletionResult.of(
            List.of("paris", "park", "party").stream().filter(v -> v.startsWith(request.argumentValue())).toList()))));
  }

  private static Handler<ToolCall, ToolResult> addDynamicTool(AtomicReference<ActorRef<McpServer.Command>> self) {
    return call -> {
      self.get().tell(new McpServer.PutTool(fixed("dynamic_tool", "Added at run time", ToolResult.text("dynamic"))));
      return done(ToolResult.text("added dynamic_tool"));
    };
  }

  private static Tool fixed(String name, String description, ToolResult result) {
    return Tool.of(name, description, Tool.emptySchema(), call -> done(result));
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private static Executor after(long millis) {
    return CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS);
  }

  private static CompletionStage<ToolResult> withLogging(ToolCall call) {
    call.context().log(LogLevel.INFO, "Tool execution started");
    return CompletableFuture.runAsync(() -> call.context().log(LogLevel.INFO, "Tool processing data"), after(50))
        .thenRunAsync(() -> call.context().log(LogLevel.INFO, "Tool execution completed"), after(50))
        .thenApply(v -> ToolResult.text("Tool with logging executed successfully"));
  }

  private static CompletionStage<ToolResult> withProgress(ToolCall call) {
    call.context().progress(0, 100);
    return CompletableFuture.runAsync(() -> call.context().progress(50, 100), after(50))
        .thenRunAsync(() -> call.context().progress(100, 100), after(50))
        .thenApply(v -> ToolResult.text("Tool with progress executed successfully"));
  }

  private static ObjectNode schema2020() {
    return schema("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
          + "\"type\":\"object\",\"$defs\":{\"address\":{\"$anchor\":\"address\",\"type\":\"object\",\"properties\":{"
          + "\"street\":{\"type\":\"string\"},\"city\":{\"type\":\"string\"}}}},\"properties\":{\"name\":{\"type\":\"string\"},"
          + "\"address\":{\"$ref\":\"#/$defs/address\"}},\"additionalProperties\":false,"
          + "\"allOf\":[{\"anyOf\":[{\"required\":[\"name\"]},{\"required\":[\"address\"]},{\"maxProperties\":0}]}],"
          + "\"if\":{\"required\":[\"address\"]},\"then\":{\"properties\":{\"address\":{\"required\":[\"city\"]}}},\"else\":true}");
  }

  static ObjectNode schema(String json) {
    try {
      return (ObjectNode) JsonRpc.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code stdio}: serve the fixture on stdin/stdout until stdin closes. {@code http [port]}: serve
   * it at {@code http://127.0.0.1:<port>/mcp/conformance} until killed.
   */
  public static void main(String[] args) throws Exception {
    AtomicReference<ActorRef<McpServer.Command>> self = new AtomicReference<>();
    ActorSystem<Void> system;
    if (args.length > 0 && args[0].equals("http")) {
      int port = args.length > 1 ? Integer.parseInt(args[1]) : 3001;
      system = ActorSystem.create(Behaviors.setup(context -> {
        context.spawn(McpServer.create(definition(self)), "server");
        context.spawn(HttpTransport.create(HttpSettings.fromConfig(context.getSystem().settings().config()).withPort(port)), "http");
        return Behaviors.empty();
      }), "conformance");
    } else {
      PrintStream mcpOut = StdioTransport.claimStdout();
      system = ActorSystem.create(StdioTransport.serve(definition(self), System.in, mcpOut), "conformance",
          StdioTransport.quietConfig().withFallback(ConfigFactory.load()));
    }
    McpRegistry.get(system).await(Kind.SERVER, NAME, Duration.ofSeconds(30)).toCompletableFuture().get()
        .ifPresent(r -> self.set(r.refAs(McpServer.Command.class)));
    system.getWhenTerminated().toCompletableFuture().join();
    System.exit(0);
  }
}
