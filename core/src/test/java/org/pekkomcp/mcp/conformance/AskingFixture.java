/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.server.ClientReply;
import org.pekkomcp.mcp.server.ClientRequest;
import org.pekkomcp.mcp.server.Content;
import org.pekkomcp.mcp.server.Prompt;
import org.pekkomcp.mcp.server.PromptResult;
import org.pekkomcp.mcp.server.RequestContext;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolCall;
import org.pekkomcp.mcp.server.ToolResult;

/**
 * The conformance fixture's tools and prompt that ask the client (elicitation, sampling, roots),
 * each written once against {@link RequestContext#ask}: a legacy session gets server-to-client
 * requests, a 2026-07-28 request gets {@code InputRequiredResult} rounds.
 */
final class AskingFixture {

  private AskingFixture() {}

  static ServerDefinition addTo(ServerDefinition definition) {
    return definition
        .withTool(Tool.of("test_sampling", "Asks the client's LLM", schema(
            "{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\"}},\"required\":[\"prompt\"]}"),
            call -> call.context().ask("answer", sample(call.arguments().path("prompt").asText(), 100))
                .thenApply(reply -> reply instanceof ClientReply.Accepted a
                    ? ToolResult.text("LLM response: " + a.value().path("content").path("text").asText())
                    : failed(reply))))
        .withTool(Tool.of("test_elicitation", "Asks the user for a name and an e-mail address", schema(
            "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"]}"),
            call -> elicit(call, "user", call.arguments().path("message").asText(), "{\"type\":\"object\",\"properties\":{"
                + "\"username\":{\"type\":\"string\",\"description\":\"User's response\"},"
                + "\"email\":{\"type\":\"string\",\"description\":\"User's email address\"}},\"required\":[\"username\",\"email\"]}",
                "User response: ")))
        .withTool(Tool.of("test_elicitation_sep1034_defaults", "Asks with defaults for every primitive type", Tool.emptySchema(),
            call -> elicit(call, "defaults", "Please review and update the form fields with defaults", "{\"type\":\"object\","
                + "\"properties\":{\"name\":{\"type\":\"string\",\"default\":\"John Doe\"},"
                + "\"age\":{\"type\":\"integer\",\"default\":30},\"score\":{\"type\":\"number\",\"default\":95.5},"
                + "\"status\":{\"type\":\"string\",\"enum\":[\"active\",\"inactive\",\"pending\"],\"default\":\"active\"},"
                + "\"verified\":{\"type\":\"boolean\",\"default\":true}}}", "Elicitation completed: ")))
        .withTool(Tool.of("test_elicitation_sep1330_enums", "Asks with the five enum variants", Tool.emptySchema(),
            call -> elicit(call, "enums", "Please choose", "{\"type\":\"object\",\"properties\":{"
                + "\"untitledSingle\":{\"type\":\"string\",\"enum\":[\"option1\",\"option2\",\"option3\"]},"
                + "\"titledSingle\":{\"type\":\"string\",\"oneOf\":[{\"const\":\"value1\",\"title\":\"First Option\"},"
                + "{\"const\":\"value2\",\"title\":\"Second Option\"},{\"const\":\"value3\",\"title\":\"Third Option\"}]},"
                + "\"legacyEnum\":{\"type\":\"string\",\"enum\":[\"opt1\",\"opt2\",\"opt3\"],"
                + "\"enumNames\":[\"Option One\",\"Option Two\",\"Option Three\"]},"
                + "\"untitledMulti\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"option1\",\"option2\",\"option3\"]}},"
                + "\"titledMulti\":{\"type\":\"array\",\"items\":{\"anyOf\":[{\"const\":\"value1\",\"title\":\"First Choice\"},"
                + "{\"const\":\"value2\",\"title\":\"Second Choice\"},{\"const\":\"value3\",\"title\":\"Third Choice\"}]}}}}",
                "Elicitation completed: ")))
        .withTool(Tool.of("test_input_required_result_elicitation", "Asks the user's name", Tool.emptySchema(),
            call -> call.context().ask("user_name", name("What is your name?"))
                .thenApply(reply -> reply instanceof ClientReply.Accepted a
                    ? ToolResult.text("Hello, " + a.value().path("name").asText() + "!") : failed(reply))))
        .withTool(Tool.of("test_input_required_result_sampling", "Asks the client's LLM", Tool.emptySchema(),
            call -> call.context().ask("capital_question", sample("What is the capital of France?", 100))
                .thenApply(AskingFixture::described)))
        .withTool(Tool.of("test_input_required_result_list_roots", "Asks the client's roots", Tool.emptySchema(),
            call -> call.context().ask("client_roots", ClientRequest.listRoots()).thenApply(AskingFixture::described)))
        .withTool(Tool.of("test_input_required_result_request_state", "Asks for a confirmation", Tool.emptySchema(),
            AskingFixture::confirmed))
        .withTool(Tool.of("test_input_required_result_tampered_state", "Asks for a confirmation", Tool.emptySchema(),
            AskingFixture::confirmed))
        .withTool(Tool.of("test_input_required_result_multiple_inputs", "Asks three things at once", Tool.emptySchema(), call -> {
          RequestContext context = call.context();
          CompletableFuture<ClientReply> user = context.ask("user_name", name("What is your name?")).toCompletableFuture();
          CompletableFuture<ClientReply> greeting = context.ask("greeting", sample("Generate a greeting", 50)).toCompletableFuture();
          CompletableFuture<ClientReply> roots = context.ask("client_roots", ClientRequest.listRoots()).toCompletableFuture();
          return CompletableFuture.allOf(user, greeting, roots).thenApply(v ->
              ToolResult.text(String.join(", ", text(user.join()), text(greeting.join()), text(roots.join()))));
        }))
        .withTool(Tool.of("test_input_required_result_multi_round", "Asks twice, one after the other", Tool.emptySchema(),
            call -> call.context().ask("step1", name("Step 1: What is your name?")).thenCompose(first ->
                call.context().ask("step2", ClientRequest.elicit("Step 2: What is your favorite color?", schema(
                    "{\"type\":\"object\",\"properties\":{\"color\":{\"type\":\"string\"}},\"required\":[\"color\"]}")))
                    .thenApply(second -> ToolResult.text(text(first) + ", " + text(second))))))
        .withTool(Tool.of("test_input_required_result_capabilities", "Asks only what the client can answer", Tool.emptySchema(),
            call -> {
              ClientRequest sampling = sample("Say hello", 20);
              ClientRequest elicitation = name("What is your name?");
              ClientRequest chosen = call.context().clientSupports(sampling) ? sampling : elicitation;
              return call.context().ask("input", chosen).thenApply(AskingFixture::described);
            }))
        .withTool(Tool.of("test_missing_capability", "Asks the client's LLM without checking that it has one", Tool.emptySchema(),
            call -> call.context().ask("answer", sample("Hello", 10)).thenApply(AskingFixture::described)))
        .withTool(Tool.of("test_streaming_elicitation", "Asks the user's name", Tool.emptySchema(),
            call -> call.context().ask("user_name", name("What is your name?")).thenApply(AskingFixture::described)))
        .withPrompt(Prompt.of("test_input_required_result_prompt", "A prompt that asks for its context", List.of(),
            get -> get.context().ask("user_context", ClientRequest.elicit("What context should the prompt use?", schema(
                "{\"type\":\"object\",\"properties\":{\"context\":{\"type\":\"string\"}},\"required\":[\"context\"]}")))
                .thenApply(reply -> PromptResult.of(PromptResult.message("user", Content.text(
                    "Use this context: " + text(reply)))))));
  }

  private static CompletionStage<ToolResult> elicit(ToolCall call, String key, String message, String requestedSchema,
      String prefix) {
    return call.context().ask(key, ClientRequest.elicit(message, schema(requestedSchema)))
        .thenApply(reply -> ToolResult.text(prefix + text(reply)));
  }

  private static CompletionStage<ToolResult> confirmed(ToolCall call) {
    return call.context().ask("confirm", ClientRequest.elicit("Please confirm", schema(
            "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}},\"required\":[\"ok\"]}")))
        .thenApply(reply -> reply instanceof ClientReply.Accepted ? ToolResult.text("state-ok: confirmed") : failed(reply));
  }

  private static ClientRequest name(String message) {
    return ClientRequest.elicit(message,
        schema("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}"));
  }

  private static ClientRequest sample(String prompt, int maxTokens) {
    ObjectNode params = JsonRpc.MAPPER.createObjectNode();
    ObjectNode message = params.putArray("messages").addObject();
    message.put("role", "user");
    message.set("content", Content.text(prompt));
    params.put("maxTokens", maxTokens);
    return ClientRequest.createMessage(params);
  }

  /** What the client answered, as a tool's text. */
  private static ToolResult described(ClientReply reply) {
    return ToolResult.text(text(reply));
  }

  private static String text(ClientReply reply) {
    if (reply instanceof ClientReply.Accepted a) {
      return "action=accept, content=" + a.value();
    }
    if (reply instanceof ClientReply.Declined) {
      return "action=decline";
    }
    if (reply instanceof ClientReply.Cancelled) {
      return "action=cancel";
    }
    return "failed: " + ((ClientReply.Failed) reply).reason();
  }

  private static ToolResult failed(ClientReply reply) {
    return ToolResult.error("the client gave no answer: " + text(reply));
  }

  private static ObjectNode schema(String json) {
    return ConformanceFixture.schema(json);
  }
}
