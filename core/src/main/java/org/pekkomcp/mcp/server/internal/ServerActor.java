/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.pekkomcp.mcp.jsonrpc.Decoded;
import org.pekkomcp.mcp.jsonrpc.JsonRpc;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.jsonrpc.JsonRpcError;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.ErrorResponse;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Notification;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Request;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage.Response;
import org.pekkomcp.mcp.jsonrpc.JsonRpcMessage;
import org.pekkomcp.mcp.server.ClientReply;
import org.pekkomcp.mcp.server.ClientRequest;
import org.pekkomcp.mcp.server.CompletionRequest;
import org.pekkomcp.mcp.server.CompletionResult;
import org.pekkomcp.mcp.server.Handler;
import org.pekkomcp.mcp.server.LogLevel;
import org.pekkomcp.mcp.server.McpMdc;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.McpServer.FromClient;
import org.pekkomcp.mcp.server.McpServer.PutPrompt;
import org.pekkomcp.mcp.server.McpServer.PutResource;
import org.pekkomcp.mcp.server.McpServer.PutResourceTemplate;
import org.pekkomcp.mcp.server.McpServer.PutTool;
import org.pekkomcp.mcp.server.McpServer.RemovePrompt;
import org.pekkomcp.mcp.server.McpServer.RemoveResource;
import org.pekkomcp.mcp.server.McpServer.RemoveResourceTemplate;
import org.pekkomcp.mcp.server.McpServer.RemoveTool;
import org.pekkomcp.mcp.server.McpServer.ResourceUpdated;
import org.pekkomcp.mcp.server.Prompt;
import org.pekkomcp.mcp.server.PromptArgument;
import org.pekkomcp.mcp.server.PromptGet;
import org.pekkomcp.mcp.server.PromptResult;
import org.pekkomcp.mcp.server.ProtocolVersions;
import org.pekkomcp.mcp.server.RequestMeta;
import org.pekkomcp.mcp.server.Resource;
import org.pekkomcp.mcp.server.ResourceContents;
import org.pekkomcp.mcp.server.ResourceRead;
import org.pekkomcp.mcp.server.ResourceTemplate;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.ToClient;
import org.pekkomcp.mcp.server.ToolCall;
import org.pekkomcp.mcp.server.ToolResult;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;
import org.slf4j.MDC;

/**
 * The actor behind {@link McpServer#create}: the protocol of one server, what it offers, and its
 * soft state about legacy sessions. The parts it wires are {@link LegacySessions} (who it has
 * heard from), {@link Listeners} (2026-07-28 {@code subscriptions/listen} streams),
 * {@link RunningRequests} (handlers in flight and what they ask the client) and
 * {@link CompiledTool}, {@link ResourceRoute} and {@link Cursor} for the requests themselves.
 *
 * <p>Its messages are the public {@link McpServer.Command}s and its own records below (a handler's
 * answer, an ask, a timeout, the registry's replies). The public {@code Command} is sealed in its
 * own package and cannot name them, so this behaviour takes {@code Object} and {@link #create}
 * narrows it to {@code Command}: a user's ref accepts only the public messages.
 *
 * <p>About 580 lines because it is the protocol's dispatch: one short method per MCP method, all
 * reading the same offers and session state; what holds state of its own is in the parts above.
 */
public final class ServerActor extends AbstractBehavior<Object> {

  /** A handler's stage completed; {@code key} names the request among those in flight. */
  record Answered(String key, JsonRpcMessage answer) {}

  /** A handler of the legacy request {@code requestKey} asks its client. */
  record AskClient(String requestKey, ClientRequest request, CompletableFuture<ClientReply> reply) {}

  record AskTimedOut(String askId) {}

  /** A handler of the 2026-07-28 request {@code requestKey} asked something its round has no answer to. */
  record InputNeeded(String requestKey) {}

  private record RegisterDone(Outcome outcome, Throwable failure) {}

  private record UpdateDone(Outcome outcome, Throwable failure) {}

  /** The behaviour of a server serving {@code definition}, with its name and each message's session and request in the MDC. */
  public static Behavior<McpServer.Command> create(ServerDefinition definition) {
    Behavior<Object> server = Behaviors.withMdc(Object.class, Map.of(McpMdc.SERVER, definition.name()), ServerActor::mdc,
        Behaviors.setup(context -> new ServerActor(context, definition)));
    return server.narrow();
  }

  /** The session and request a message is about, for the MDC of what is logged while it is handled. */
  private static Map<String, String> mdc(Object message) {
    if (message instanceof FromClient m) {
      return Map.of(McpMdc.SESSION, m.sessionId());
    } else if (message instanceof Answered m) {
      return RunningRequests.mdc(m.key());
    } else if (message instanceof AskClient m) {
      return RunningRequests.mdc(m.requestKey());
    } else if (message instanceof InputNeeded m) {
      return RunningRequests.mdc(m.requestKey());
    }
    return Map.of();
  }

  private final ServerDefinition definition;
  private final McpRegistry registry;
  private final Map<String, CompiledTool> tools = new LinkedHashMap<>();
  private final Map<String, Resource> resources = new LinkedHashMap<>();
  private final Map<String, ResourceTemplate> templates = new LinkedHashMap<>();
  private final Map<String, Prompt> prompts = new LinkedHashMap<>();
  private final LegacySessions sessions = new LegacySessions();
  private final Listeners listeners = new Listeners();
  private final RunningRequests running;
  private Offers offers;

  private ServerActor(ActorContext<Object> context, ServerDefinition definition) {
    super(context);
    this.definition = definition;
    this.registry = McpRegistry.get(context.getSystem());
    this.running = new RunningRequests(context, definition.name());
    definition.tools().forEach(t -> tools.put(t.name(), CompiledTool.of(t)));
    definition.resources().forEach(r -> resources.put(r.uri(), r));
    definition.resourceTemplates().forEach(t -> templates.put(t.uriTemplate().text(), t));
    definition.prompts().forEach(p -> prompts.put(p.name(), p));
    offers = new Offers(false, false, false, definition.completions().isPresent());
    refreshOffers();
    context.pipeToSelf(
        registry.register(Kind.SERVER, definition.name(), context.getSelf(), registryConfig()), RegisterDone::new);
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(FromClient.class, this::onFromClient)
        .onMessage(Answered.class, m -> on(() -> running.onAnswered(m)))
        .onMessage(AskClient.class, m -> on(() -> running.onAskClient(m)))
        .onMessage(AskTimedOut.class, m -> on(() -> running.onAskTimedOut(m)))
        .onMessage(InputNeeded.class, m -> on(() -> running.onInputNeeded(m)))
        .onMessage(PutTool.class, this::onPutTool)
        .onMessage(RemoveTool.class, m -> changed("tools", () -> tools.remove(m.name())))
        .onMessage(PutResource.class, m -> changed("resources", () -> resources.put(m.resource().uri(), m.resource())))
        .onMessage(RemoveResource.class, m -> changed("resources", () -> resources.remove(m.uri())))
        .onMessage(PutResourceTemplate.class,
            m -> changed("resources", () -> templates.put(m.template().uriTemplate().text(), m.template())))
        .onMessage(RemoveResourceTemplate.class, m -> changed("resources", () -> templates.remove(m.uriTemplate())))
        .onMessage(PutPrompt.class, m -> changed("prompts", () -> prompts.put(m.prompt().name(), m.prompt())))
        .onMessage(RemovePrompt.class, m -> changed("prompts", () -> prompts.remove(m.name())))
        .onMessage(ResourceUpdated.class, this::onResourceUpdated)
        .onSignal(Terminated.class, this::onSessionStopped)
        .onMessage(RegisterDone.class, this::onRegisterDone)
        .onMessage(UpdateDone.class, this::onUpdateDone)
        .build();
  }

  // ---- registry ----

  private Behavior<Object> onRegisterDone(RegisterDone done) {
    if (done.outcome() instanceof Outcome.Registered) {
      getContext().getLog().debug("MCP server '{}' registered", definition.name());
      return this;
    }
    String why = done.failure() != null ? done.failure().getMessage() : String.valueOf(done.outcome());
    getContext().getLog().error("MCP server '{}' could not register its name and stops: {}", definition.name(), why);
    return Behaviors.stopped();
  }

  private Behavior<Object> onUpdateDone(UpdateDone done) {
    if (!(done.outcome() instanceof Outcome.Updated)) {
      getContext().getLog().warn("MCP server '{}' could not update its registry entry: {}", definition.name(),
          done.failure() != null ? done.failure().getMessage() : done.outcome());
    }
    return this;
  }

  private EntryConfig registryConfig() {
    ObjectNode config = JsonRpcCodec.object();
    config.set(EntryConfig.CAPABILITIES, capabilities());
    config.set("serverInfo", serverInfo());
    return EntryConfig.of(config);
  }

  /** Marks newly offered capabilities; true when one was added (the registry entry must follow). */
  private boolean refreshOffers() {
    Offers before = offers;
    offers = offers.widened(!tools.isEmpty(), !(resources.isEmpty() && templates.isEmpty()), !prompts.isEmpty());
    return !offers.equals(before);
  }

  private ObjectNode capabilities() {
    return offers.capabilities();
  }

  private ObjectNode serverInfo() {
    ObjectNode info = JsonRpcCodec.object();
    info.put("name", definition.name());
    info.put("version", definition.version());
    return info;
  }

  // ---- run-time changes ----

  private Behavior<Object> onPutTool(PutTool m) {
    CompiledTool compiled;
    try {
      compiled = CompiledTool.of(m.tool());
    } catch (IllegalArgumentException e) {
      getContext().getLog().error("MCP server '{}' refused a tool: {}", definition.name(), e.getMessage());
      return this;
    }
    return changed("tools", () -> tools.put(m.tool().name(), compiled));
  }

  private Behavior<Object> changed(String list, Runnable change) {
    change.run();
    if (refreshOffers()) {
      getContext().pipeToSelf(registry.update(Kind.SERVER, definition.name(), registryConfig()), UpdateDone::new);
    }
    broadcast("notifications/" + list + "/list_changed", JsonRpcCodec.object(), "", s -> true);
    return this;
  }

  private Behavior<Object> onResourceUpdated(ResourceUpdated m) {
    ObjectNode params = JsonRpcCodec.object();
    params.put("uri", m.uri());
    broadcast("notifications/resources/updated", params, m.uri(), s -> s.subscriptions.contains(m.uri()));
    return this;
  }

  /** To the legacy sessions {@code to} picks, and to the listen streams that asked for it (about {@code uri}). */
  private void broadcast(String method, ObjectNode params, String uri, Predicate<SessionState> to) {
    String json = JsonRpcCodec.encode(new Notification(method, params.isEmpty() ? Optional.empty() : Optional.of(params)));
    sessions.forEach((id, s) -> {
      if (to.test(s)) {
        s.ref.tell(new ToClient.Notification(id, Optional.empty(), json));
      }
    });
    listeners.notify(method, params, uri);
  }

  // ---- sessions ----

  /** Only session refs are watched: a stopped one takes its sessions and their requests with it. */
  private Behavior<Object> onSessionStopped(Terminated stopped) {
    ActorRef<?> ref = stopped.getRef();
    listeners.remove(ref);
    running.sessionsGone(sessions.stopped(ref));
    return this;
  }

  // ---- the protocol ----

  private Behavior<Object> onFromClient(FromClient m) {
    try {
      handle(m);
    } catch (RuntimeException e) {
      // A bug in a schema, a handler's result or here must not take the server down for everyone.
      getContext().getLog().error("MCP server '{}' failed on a message from session {}: {}", definition.name(),
          m.sessionId(), e.toString());
      if (m.message().decoded() instanceof Decoded.Single single && single.message() instanceof Request r) {
        reply(m.sessionId(), new SessionState(m.replyTo(), RequestMeta.claimsModern(r.params())), r.id(),
            error(r.id(), JsonRpcError.internalError("the server failed on this request")));
      }
    }
    return this;
  }

  private void handle(FromClient m) {
    Decoded decoded = m.message().decoded();
    if (decoded instanceof Decoded.Single single && single.message() instanceof Request request
        && RequestMeta.claimsModern(request.params())) {
      received(request);
      onModernRequest(m.sessionId(), m.replyTo(), request);
    } else if (decoded instanceof Decoded.Single single) {
      SessionState state = sessions.get(m.sessionId(), m.replyTo(), getContext()::watch);
      JsonRpcMessage message = single.message();
      if (message instanceof Request request) {
        received(request);
        onRequest(m.sessionId(), state, request);
      } else if (message instanceof Notification notification) {
        onNotification(m.sessionId(), notification);
      } else if (!running.onClientAnswer(m.sessionId(), message)) {
        getContext().getLog().debug("MCP server '{}' dropped an answer of session {} to a request it was not sent "
            + "or that has ended", definition.name(), m.sessionId());
      }
    } else if (decoded instanceof Decoded.Invalid invalid && invalid.error().id().isPresent()) {
      JsonNode id = invalid.error().id().get();
      m.replyTo().tell(new ToClient.Response(m.sessionId(), JsonRpcMessage.idKey(id), JsonRpcCodec.encode(invalid.error())));
    } else {
      getContext().getLog().debug("MCP server '{}' dropped an unanswerable message from session {}", definition.name(), m.sessionId());
    }
  }

  private void received(Request request) {
    // Behaviors.withMdc clears it after the message.
    MDC.put(McpMdc.REQUEST_ID, JsonRpcMessage.idKey(request.id()));
    running.received(request);
  }

  private void onNotification(String sessionId, Notification n) {
    if ("notifications/cancelled".equals(n.method())) {
      JsonNode requestId = n.params().map(p -> p.get("requestId")).orElse(null);
      if (requestId != null) {
        running.cancel(sessionId, requestId);
      }
    }
    // notifications/initialized and the rest need nothing from the server.
  }

  /**
   * A stateless 2026-07-28 request: nothing is kept about its sender; the methods the revision
   * removed are unknown here, and it may open a {@code subscriptions/listen} stream.
   */
  private void onModernRequest(String sessionId, ActorRef<ToClient> replyTo, Request r) {
    SessionState state = new SessionState(replyTo, true);
    Optional<JsonRpcError> problem = RequestMeta.problem(r.params());
    if (problem.isPresent()) {
      reply(sessionId, state, r.id(), error(r.id(), problem.get()));
      return;
    }
    state.level = RequestMeta.logLevel(r.params());
    state.clientCapabilities = RequestMeta.clientCapabilities(r.params());
    switch (r.method()) {
      case "initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe" ->
          reply(sessionId, state, r.id(), error(r.id(), JsonRpcError.methodNotFound(r.method())));
      case "server/discover" -> ok(sessionId, state, r, ModernResults.discover(capabilities(), serverInfo(), definition.instructions()));
      case "subscriptions/listen" -> onListen(sessionId, state, r);
      default -> onRequest(sessionId, state, r);
    }
  }

  private void onListen(String sessionId, SessionState state, Request r) {
    JsonNode requested = r.params().orElseGet(JsonRpcCodec::object).path("notifications");
    if (!requested.isObject()) {
      invalidParams(sessionId, state, r, "subscriptions/listen needs a notifications object");
      return;
    }
    getContext().watch(state.ref);
    listeners.open(state.ref, sessionId, r.id(), SubscriptionFilter.agreed(requested, offers));
  }

  private void onRequest(String sessionId, SessionState session, Request r) {
    Optional<JsonNode> rawParams = r.params();
    if (rawParams.isPresent() && !rawParams.get().isObject()) {
      reply(sessionId, session, r.id(), error(r.id(), JsonRpcError.invalidParams("params must be an object")));
      return;
    }
    ObjectNode params = rawParams.map(p -> (ObjectNode) p).orElseGet(JsonRpcCodec::object);
    switch (r.method()) {
      case "initialize" -> onInitialize(sessionId, session, r, params);
      case "ping" -> ok(sessionId, session, r, JsonRpcCodec.object());
      case "tools/list" -> list(sessionId, session, r, params, "tools", new ArrayList<>(tools.values()), t -> t.tool().toJson());
      case "tools/call" -> onToolsCall(sessionId, session, r, params);
      case "resources/list" -> list(sessionId, session, r, params, "resources", new ArrayList<>(resources.values()), Resource::toJson);
      case "resources/templates/list" ->
          list(sessionId, session, r, params, "resourceTemplates", new ArrayList<>(templates.values()), ResourceTemplate::toJson);
      case "resources/read" -> onResourcesRead(sessionId, session, r, params);
      case "resources/subscribe" -> onSubscription(sessionId, session, r, params, true);
      case "resources/unsubscribe" -> onSubscription(sessionId, session, r, params, false);
      case "prompts/list" -> list(sessionId, session, r, params, "prompts", new ArrayList<>(prompts.values()), Prompt::toJson);
      case "prompts/get" -> onPromptsGet(sessionId, session, r, params);
      case "logging/setLevel" -> onSetLevel(sessionId, session, r, params);
      case "completion/complete" -> onComplete(sessionId, session, r, params);
      default -> reply(sessionId, session, r.id(), error(r.id(), JsonRpcError.methodNotFound(r.method())));
    }
  }

  private void onInitialize(String sessionId, SessionState session, Request r, ObjectNode params) {
    JsonNode requested = params.get("protocolVersion");
    if (requested == null || !requested.isTextual()) {
      invalidParams(sessionId, session, r, "initialize needs a protocolVersion string");
      return;
    }
    session.level = Optional.of(LogLevel.INFO);
    session.subscriptions.clear();
    session.clientCapabilities = params.path("capabilities").isObject() ? params.get("capabilities") : JsonRpcCodec.object();
    ObjectNode result = JsonRpcCodec.object();
    result.put("protocolVersion", ProtocolVersions.negotiate(requested.textValue()));
    result.set("capabilities", capabilities());
    result.set("serverInfo", serverInfo());
    definition.instructions().ifPresent(i -> result.put("instructions", i));
    ok(sessionId, session, r, result);
  }

  private <T> void list(String sessionId, SessionState session, Request r, ObjectNode params, String field,
      List<T> all, Function<T, ObjectNode> toJson) {
    JsonNode cursor = params.get("cursor");
    if (cursor != null && !cursor.isNull() && !cursor.isTextual()) {
      invalidParams(sessionId, session, r, "cursor must be a string");
      return;
    }
    Optional<String> from = cursor == null || cursor.isNull() ? Optional.empty() : Optional.of(cursor.textValue());
    Optional<Cursor.Page<T>> page = Cursor.page(all, from, definition.pageSize());
    if (page.isEmpty()) {
      invalidParams(sessionId, session, r, "unknown cursor");
      return;
    }
    ObjectNode result = JsonRpcCodec.object();
    ArrayNode items = result.putArray(field);
    page.get().items().forEach(item -> items.add(toJson.apply(item)));
    page.get().nextCursor().ifPresent(next -> result.put("nextCursor", next));
    ok(sessionId, session, r, session.modern ? ModernResults.cacheable(result) : result);
  }

  private void onToolsCall(String sessionId, SessionState session, Request r, ObjectNode params) {
    Optional<String> name = Params.text(params, "name");
    if (name.isEmpty()) {
      invalidParams(sessionId, session, r, "tools/call needs a tool name");
      return;
    }
    CompiledTool tool = tools.get(name.get());
    if (tool == null) {
      invalidParams(sessionId, session, r, "unknown tool: " + name.get());
      return;
    }
    JsonNode rawArguments = params.get("arguments");
    if (rawArguments != null && !rawArguments.isNull() && !rawArguments.isObject()) {
      invalidParams(sessionId, session, r, "arguments must be an object");
      return;
    }
    ObjectNode arguments = rawArguments == null || rawArguments.isNull()
        ? JsonRpcCodec.object() : ((ObjectNode) rawArguments).deepCopy();
    List<String> problems = tool.argumentProblems(arguments);
    if (!problems.isEmpty()) {
      ToolResult invalid = ToolResult.error("Invalid arguments for tool " + name.get() + ": " + String.join("; ", problems));
      ok(sessionId, session, r, invalid.toJson());
      return;
    }
    Optional<String> headerMismatch = ParamHeaders.mismatch(params.path("_meta"), tool.headerParams(), arguments);
    if (headerMismatch.isPresent()) {
      reply(sessionId, session, r.id(), error(r.id(), JsonRpcError.of(JsonRpc.HEADER_MISMATCH, headerMismatch.get())));
      return;
    }
    Optional<ActiveRequest> opened = running.open(sessionId, session, r, params, Optional.of(name.get()));
    if (opened.isEmpty()) {
      return;
    }
    ActiveRequest context = opened.get();
    running.run(context, r.id(), () -> tool.tool().handler().handle(new ToolCall(name.get(), arguments, context)),
        result -> tool.checked(result).toJson(),
        failure -> new Response(r.id(), ToolResult.error(failure).toJson()));
  }

  private void onResourcesRead(String sessionId, SessionState session, Request r, ObjectNode params) {
    Optional<String> uri = Params.text(params, "uri");
    if (uri.isEmpty()) {
      invalidParams(sessionId, session, r, "resources/read needs a uri");
      return;
    }
    Optional<ResourceRoute> route = ResourceRoute.find(uri.get(), resources, templates.values());
    if (route.isEmpty()) {
      ObjectNode data = JsonRpcCodec.object();
      data.put("uri", uri.get());
      // 2026-07-28 reports an unknown resource as invalid params; the legacy revisions used -32002.
      JsonRpcError notFound = new JsonRpcError(session.modern ? JsonRpc.INVALID_PARAMS : JsonRpc.RESOURCE_NOT_FOUND,
          "Resource not found: " + uri.get(), Optional.of(data));
      reply(sessionId, session, r.id(), error(r.id(), notFound));
      return;
    }
    Optional<ActiveRequest> opened = running.open(sessionId, session, r, params, uri);
    if (opened.isEmpty()) {
      return;
    }
    ActiveRequest context = opened.get();
    Handler<ResourceRead, ResourceContents> chosen = route.get().handler();
    ResourceRead read = new ResourceRead(uri.get(), route.get().variables(), context);
    Function<ResourceContents, JsonNode> toResult = session.modern ? c -> ModernResults.cacheable(c.toJson()) : ResourceContents::toJson;
    running.run(context, r.id(), () -> chosen.handle(read), toResult, internalError(r.id()));
  }

  private void onSubscription(String sessionId, SessionState session, Request r, ObjectNode params, boolean subscribe) {
    Optional<String> uri = Params.text(params, "uri");
    if (uri.isEmpty()) {
      invalidParams(sessionId, session, r, r.method() + " needs a uri");
      return;
    }
    if (subscribe) {
      session.subscriptions.add(uri.get());
    } else {
      session.subscriptions.remove(uri.get());
    }
    ok(sessionId, session, r, JsonRpcCodec.object());
  }

  private void onPromptsGet(String sessionId, SessionState session, Request r, ObjectNode params) {
    Optional<String> name = Params.text(params, "name");
    if (name.isEmpty()) {
      invalidParams(sessionId, session, r, "prompts/get needs a prompt name");
      return;
    }
    Prompt prompt = prompts.get(name.get());
    if (prompt == null) {
      invalidParams(sessionId, session, r, "unknown prompt: " + name.get());
      return;
    }
    JsonNode rawArguments = params.get("arguments");
    if (rawArguments != null && !rawArguments.isNull() && !rawArguments.isObject()) {
      invalidParams(sessionId, session, r, "arguments must be an object");
      return;
    }
    Map<String, String> arguments = Params.stringMap(rawArguments);
    for (PromptArgument argument : prompt.arguments()) {
      if (argument.required() && !arguments.containsKey(argument.name())) {
        invalidParams(sessionId, session, r, "missing required argument: " + argument.name());
        return;
      }
    }
    Optional<ActiveRequest> opened = running.open(sessionId, session, r, params, Optional.of(prompt.name()));
    if (opened.isEmpty()) {
      return;
    }
    ActiveRequest context = opened.get();
    PromptGet get = new PromptGet(prompt.name(), arguments, context);
    running.run(context, r.id(), () -> prompt.handler().handle(get), PromptResult::toJson, internalError(r.id()));
  }

  private void onSetLevel(String sessionId, SessionState session, Request r, ObjectNode params) {
    Optional<LogLevel> level = Params.text(params, "level").flatMap(LogLevel::fromWire);
    if (level.isEmpty()) {
      invalidParams(sessionId, session, r, "level must be one of debug, info, notice, warning, error, critical, alert, emergency");
      return;
    }
    session.level = level;
    ok(sessionId, session, r, JsonRpcCodec.object());
  }

  private void onComplete(String sessionId, SessionState session, Request r, ObjectNode params) {
    if (definition.completions().isEmpty()) {
      reply(sessionId, session, r.id(), error(r.id(), JsonRpcError.methodNotFound(r.method())));
      return;
    }
    Optional<CompletionRequest> request = Params.completionRequest(params);
    if (request.isEmpty()) {
      invalidParams(sessionId, session, r, "completion/complete needs ref {type, name|uri} and argument {name, value}");
      return;
    }
    ActiveRequest context = running.open(sessionId, session, r, params, Optional.empty()).orElseThrow();
    Handler<CompletionRequest, CompletionResult> handler = definition.completions().get();
    running.run(context, r.id(), () -> handler.handle(request.get()), CompletionResult::toJson, internalError(r.id()));
  }

  private Behavior<Object> on(Runnable action) {
    action.run();
    return this;
  }

  // ---- helpers ----

  private void ok(String sessionId, SessionState session, Request r, JsonNode result) {
    reply(sessionId, session, r.id(), new Response(r.id(), result));
  }

  private void invalidParams(String sessionId, SessionState session, Request r, String detail) {
    reply(sessionId, session, r.id(), error(r.id(), JsonRpcError.invalidParams(detail)));
  }

  private void reply(String sessionId, SessionState to, JsonNode id, JsonRpcMessage message) {
    running.reply(sessionId, to, id, message);
  }

  private static ErrorResponse error(JsonNode id, JsonRpcError e) {
    return ErrorResponse.to(id, e);
  }

  private static Function<String, JsonRpcMessage> internalError(JsonNode id) {
    return detail -> error(id, JsonRpcError.internalError(detail));
  }
}
