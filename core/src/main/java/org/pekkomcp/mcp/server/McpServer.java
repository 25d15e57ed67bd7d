/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.pekkomcp.mcp.jsonrpc.ClientMessage;
import org.pekkomcp.mcp.server.internal.ServerActor;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * An MCP server as a typed actor: the server side of the Model Context Protocol over JSON-RPC 2.0,
 * serving the tools, resources, templates and prompts of a {@link ServerDefinition}.
 *
 * <h2>Where it sits</h2>
 * A server speaks the protocol and knows nothing of bytes; transports ({@code mcp.transport.*})
 * carry the bytes and keep one session actor per client. On start the server registers itself in
 * {@link McpRegistry} as {@link Kind#SERVER} under its definition's name, with its capabilities as
 * config, so it joins the capability groups and transports find it by name (erlmcp's
 * {@code route_to_server}). If the name is taken the server stops. When it stops, the registry's
 * DeathWatch removes the entry.
 *
 * <h2>Messages</h2>
 * Sessions send {@link FromClient}: one JSON-RPC message (parsed on this node, as text from
 * another) plus the session's {@code ActorRef<ToClient>}. Answers and notifications go back to that ref as {@link ToClient}.
 * Both carry only text and refs and have a compact serializer, so a session on one node can talk
 * to a server on another. Lifecycle enforcement (initialize first) belongs to the session: the
 * server answers any session that reaches it, which lets a restarted server, even on another
 * node, carry on serving sessions it has never seen. The rest of the messages ({@link PutTool},
 * ...) change what the server offers at run time and carry handlers, so they are local only.
 *
 * <h2>Two eras</h2>
 * A request whose {@code _meta} names a 2026-07-28 protocol version ({@link RequestMeta}) is
 * served statelessly: nothing is kept about its sender, its results carry {@code resultType}, and
 * it may open a {@code subscriptions/listen} stream. Every other message
 * belongs to a legacy session (2024-11-05 to 2025-11-25): the server keeps, per session it has
 * heard from, the session ref (watched), its log level and its resource subscriptions. This state
 * is soft: a restarted server starts without it.
 *
 * <h2>Handlers</h2>
 * Handlers run on this actor's thread and return a {@link java.util.concurrent.CompletionStage}.
 * An already completed stage is answered at once; otherwise the request is tracked until the
 * stage completes (so a {@code notifications/cancelled} can drop its answer) and the result
 * comes back through the mailbox. A handler may ask the client
 * ({@link RequestContext#ask}): a legacy session's client gets a server-to-client request and its
 * answer comes back as a {@link FromClient}, whichever node its session runs on; a 2026-07-28
 * request is answered with an {@code InputRequiredResult} and asked again.
 */
public final class McpServer {

  /** Everything a server understands. */
  public sealed interface Command {}

  /**
   * One JSON-RPC message (never a batch) from a client session; answers go to {@code replyTo}. A
   * session on the same node hands over its parse of the message ({@link ClientMessage}).
   */
  public record FromClient(String sessionId, ClientMessage message, ActorRef<ToClient> replyTo)
      implements Command, McpWireMessage {
    public FromClient {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(replyTo, "replyTo");
    }

    /** A message known by its text. */
    public FromClient(String sessionId, String json, ActorRef<ToClient> replyTo) {
      this(sessionId, ClientMessage.ofText(json), replyTo);
    }
  }

  /**
   * Adds a tool, or replaces the one with the same name; clients get {@code tools/list_changed}. A
   * tool whose input or output schema does not compile is refused, with an error in the log.
   */
  public record PutTool(Tool tool) implements Command {
    public PutTool {
      Objects.requireNonNull(tool, "tool");
    }
  }

  public record RemoveTool(String name) implements Command {
    public RemoveTool {
      Objects.requireNonNull(name, "name");
    }
  }

  public record PutResource(Resource resource) implements Command {
    public PutResource {
      Objects.requireNonNull(resource, "resource");
    }
  }

  public record RemoveResource(String uri) implements Command {
    public RemoveResource {
      Objects.requireNonNull(uri, "uri");
    }
  }

  public record PutResourceTemplate(ResourceTemplate template) implements Command {
    public PutResourceTemplate {
      Objects.requireNonNull(template, "template");
    }
  }

  public record RemoveResourceTemplate(String uriTemplate) implements Command {
    public RemoveResourceTemplate {
      Objects.requireNonNull(uriTemplate, "uriTemplate");
    }
  }

  public record PutPrompt(Prompt prompt) implements Command {
    public PutPrompt {
      Objects.requireNonNull(prompt, "prompt");
    }
  }

  public record RemovePrompt(String name) implements Command {
    public RemovePrompt {
      Objects.requireNonNull(name, "name");
    }
  }

  /** Tells the sessions subscribed to {@code uri} that it changed ({@code notifications/resources/updated}). */
  public record ResourceUpdated(String uri) implements Command {
    public ResourceUpdated {
      Objects.requireNonNull(uri, "uri");
    }
  }

  private McpServer() {}

  /** The behaviour of a server serving {@code definition}. */
  public static Behavior<Command> create(ServerDefinition definition) {
    return ServerActor.create(Objects.requireNonNull(definition, "definition"));
  }
}
