/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.transport.ClientSession;
import org.pekkomcp.mcp.transport.http.internal.McpHttpHandler;
import org.pekkomcp.mcp.transport.http.internal.MetadataRoute;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Outcome;

/**
 * The Streamable HTTP transport: one endpoint per node serving every MCP server in the registry
 * at {@code /<prefix>/<server name>} (MCP revision 2025-03-26 and later).
 *
 * <h2>Sessions</h2>
 * {@code initialize} without a session creates one: a {@link ClientSession} child actor bound to
 * the server's name, with a cryptographically random id returned in {@code Mcp-Session-Id}.
 * Later requests carry the id; an unknown one gets 404 and the client starts over; DELETE ends a
 * session, and so does {@code session-idle-timeout}. The id-to-actor map is shared with the
 * request handler, which runs on pekko-http's threads; only this actor writes it (and the handler
 * removes a session it is deleting, so nothing reaches a session that is stopping).
 *
 * <h2>Answers</h2>
 * A POST is answered with JSON, or with an SSE stream when the server sends progress or logs for
 * the request before answering; a legacy session's stream can be resumed with {@code Last-Event-ID}.
 * GET opens the session's standing SSE
 * stream for notifications tied to no request (list_changed, resource updates).
 *
 * <h2>Security</h2>
 * Bound to 127.0.0.1 by default. {@code Host} and {@code Origin} must name an allowed host (403
 * otherwise: the DNS-rebinding defence), the {@code BearerAuthorizer} of the settings decides who
 * may call which server (401 or 403 with a {@code WWW-Authenticate} challenge; an OAuth resource
 * server also publishes its metadata at {@code /.well-known/oauth-protected-resource/...}), bodies
 * over the limit get 413, and an unsupported {@code MCP-Protocol-Version} gets 400.
 *
 * <p>Once bound, the transport registers itself as {@link Kind#TRANSPORT} with its URL in the
 * config ({@code {"transport":"streamable-http","url":...}}), so {@code McpRegistry.await} tells a
 * caller when, and where, it is listening. It stops if it cannot bind.
 */
public final class HttpTransport {

  public sealed interface Command {}

  /** Asked by the request handler when a client initializes without a session. */
  private record CreateSession(String serverName, ActorRef<McpHttpHandler.NewSession> replyTo) implements Command {}

  private record Bound(ServerBinding binding) implements Command {}

  private record BindFailed(Throwable cause) implements Command {}

  private record SessionStopped(String sessionId) implements Command {}

  private record Registered(String name, Outcome outcome, Throwable failure) implements Command {}

  /** Time to answer the exchanges nobody answered ({@link McpHttpHandler#sweepSafetyNet}). */
  private enum SweepSafetyNet implements Command { INSTANCE }

  private static final SecureRandom RANDOM = new SecureRandom();

  private HttpTransport() {}

  public static Behavior<Command> create(HttpSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      Map<String, McpHttpHandler.SessionEntry> sessions = new ConcurrentHashMap<>();
      Materializer materializer = Materializer.matFromSystem(context.getSystem());
      ActorRef<Command> self = context.getSelf();
      McpHttpHandler handler = new McpHttpHandler(settings, sessions,
          serverName -> AskPattern.ask(self, replyTo -> new CreateSession(serverName, replyTo), Duration.ofSeconds(5),
              context.getSystem().scheduler()),
          context.getSystem(), materializer);
      Function<HttpRequest, CompletionStage<HttpResponse>> routes = settings.authorizer().resourceServer()
          .<Function<HttpRequest, CompletionStage<HttpResponse>>>map(r -> new MetadataRoute(r, handler, materializer))
          .orElse(handler);
      context.pipeToSelf(
          Http.get(context.getSystem()).newServerAt(settings.host(), settings.port()).bind(routes),
          (binding, failure) -> failure == null ? new Bound(binding) : new BindFailed(failure));
      timers.startTimerWithFixedDelay(SweepSafetyNet.INSTANCE, Duration.ofSeconds(1));
      return running(context, settings, sessions, handler, Optional.empty());
    }));
  }

  private static Behavior<Command> running(ActorContext<Command> context, HttpSettings settings,
      Map<String, McpHttpHandler.SessionEntry> sessions, McpHttpHandler handler, Optional<ServerBinding> binding) {
    return Behaviors.receive(Command.class)
        .onMessage(Bound.class, m -> {
          InetSocketAddress address = m.binding().localAddress();
          String host = address.getAddress().getHostAddress();
          String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
          String url = "http://" + authority + "/" + settings.pathPrefix();
          String name = settings.name().orElse("http-" + authority);
          context.pipeToSelf(McpRegistry.get(context.getSystem()).register(Kind.TRANSPORT, name, context.getSelf(),
                  EntryConfig.of(JsonRpcCodec.object().put("transport", "streamable-http").put("url", url))),
              (outcome, failure) -> new Registered(name, outcome, failure));
          context.getLog().info("MCP Streamable HTTP endpoint listening at {}/<server name>", url);
          return running(context, settings, sessions, handler, Optional.of(m.binding()));
        })
        .onMessage(BindFailed.class, m -> {
          context.getLog().error("MCP HTTP endpoint could not bind {}:{}: {}", settings.host(), settings.port(),
              m.cause().getMessage());
          return Behaviors.stopped();
        })
        .onMessage(CreateSession.class, m -> {
          byte[] bytes = new byte[16];
          RANDOM.nextBytes(bytes);
          String id = HexFormat.of().formatHex(bytes);
          ActorRef<ClientSession.Command> session = context.spawn(ClientSession.create("http", m.serverName(), id,
              Optional.empty(), settings.requestTimeout(), Optional.of(settings.sessionIdleTimeout())), "session-" + id);
          context.watchWith(session, new SessionStopped(id));
          sessions.put(id, new McpHttpHandler.SessionEntry(m.serverName(), session));
          m.replyTo().tell(new McpHttpHandler.NewSession(id, session));
          return Behaviors.same();
        })
        .onMessage(Registered.class, m -> {
          if (!(m.outcome() instanceof Outcome.Registered)) {
            // Still serving: the endpoint works, it is only missing from the registry's listing.
            context.getLog().error("MCP HTTP endpoint could not register as transport '{}': {}", m.name(),
                m.failure() != null ? m.failure().getMessage() : m.outcome());
          }
          return Behaviors.same();
        })
        .onMessage(SweepSafetyNet.class, m -> {
          handler.sweepSafetyNet();
          return Behaviors.same();
        })
        .onMessage(SessionStopped.class, m -> {
          sessions.remove(m.sessionId());
          return Behaviors.same();
        })
        .onSignal(PostStop.class, s -> {
          binding.ifPresent(ServerBinding::unbind);
          return Behaviors.same();
        })
        .build();
  }
}
