/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.stdio;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.transport.ClientSession;
import org.pekkomcp.mcp.transport.internal.LineChannel;
import org.pekkomcp.registry.EntryConfig;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;

/**
 * The stdio transport: newline-delimited JSON-RPC on an input and an output stream (a process's
 * stdin and stdout), one client, one {@link ClientSession}.
 *
 * <p>A reader thread turns lines into messages for the session; the session writes answers and
 * notifications as lines. The transport registers itself in the registry ({@link Kind#TRANSPORT})
 * and routes to its server by name, like every transport. It stops when the input ends, and its
 * registration goes with it.
 *
 * <p>stdout must carry MCP messages only. Run with {@link #quietConfig()} (Pekko logs through
 * SLF4J, never to stdout; configure your SLF4J backend to write to stderr) and use
 * {@link #claimStdout()} so that stray {@code System.out} prints land on stderr.
 */
public final class StdioTransport {

  public sealed interface Command {}

  private record InputClosed(Optional<String> failure) implements Command {}

  private record SessionEnded() implements Command {}

  private StdioTransport() {}

  /**
   * A transport serving the server registered as {@code serverName} to the client on the other
   * end of {@code in} and {@code out}.
   */
  public static Behavior<Command> create(String serverName, InputStream in, OutputStream out, Duration requestTimeout) {
    return Behaviors.setup(context -> {
      LineChannel channel = new LineChannel(out);
      String sessionId = "stdio-" + UUID.randomUUID();
      ActorRef<ClientSession.Command> session = context.spawn(
          ClientSession.create("stdio", serverName, sessionId, Optional.of(channel), requestTimeout, Optional.empty()),
          "session");
      context.watchWith(session, new SessionEnded());
      McpRegistry.get(context.getSystem()).register(Kind.TRANSPORT, sessionId, context.getSelf(),
          EntryConfig.of(JsonRpcCodec.object().put("transport", "stdio").put("server", serverName)));
      startReader(context, in, session, channel);
      return Behaviors.receive(Command.class)
          .onMessage(InputClosed.class, m -> {
            m.failure().ifPresent(f -> context.getLog().warn("stdio input failed: {}", f));
            return Behaviors.stopped();
          })
          .onMessage(SessionEnded.class, m -> Behaviors.stopped())
          .build();
    });
  }

  /**
   * A guardian for a process that is one MCP server on stdio: it starts {@code definition}'s
   * server, then, once the server is registered, a transport on {@code in}/{@code out}; it stops
   * (ending the actor system) when the input ends or the server stops.
   */
  public static Behavior<Void> serve(ServerDefinition definition, InputStream in, OutputStream out) {
    return Behaviors.<Guardian>setup(context -> {
      context.watch(context.spawn(McpServer.create(definition), "server"));
      Duration timeout = context.getSystem().settings().config().getDuration("mcp.transport.request-timeout");
      // The input is read only once the server holds its name: a client's initialize read
      // before that found no server and was answered with an error (seen with the MCP Java SDK
      // client starting this process).
      context.pipeToSelf(McpRegistry.get(context.getSystem()).await(Kind.SERVER, definition.name(), timeout),
          (found, failure) -> new ServerRegistered(found != null && found.isPresent()));
      return Behaviors.receive(Guardian.class)
          .onMessage(ServerRegistered.class, registered -> {
            if (!registered.registered()) {
              context.getLog().error("MCP server '{}' was not registered within {}: not serving stdio", definition.name(), timeout);
              return Behaviors.stopped();
            }
            context.watch(context.spawn(create(definition.name(), in, out, timeout), "stdio"));
            return Behaviors.same();
          })
          .onSignal(Terminated.class, t -> Behaviors.stopped())
          .build();
    }).unsafeCast();
  }

  /** What {@link #serve}'s guardian hears. */
  private sealed interface Guardian {}

  private record ServerRegistered(boolean registered) implements Guardian {}

  /** Settings that keep Pekko's own output off stdout; put them in front of your config. */
  public static Config quietConfig() {
    return ConfigFactory.parseString(
        "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n"
            + "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"\n"
            + "pekko.stdout-loglevel = OFF\n"
            + "pekko.log-dead-letters = off\n");
  }

  /**
   * Returns a stream on the process's real stdout for MCP messages, and points
   * {@code System.out} at stderr so nothing else can write there.
   */
  public static PrintStream claimStdout() {
    PrintStream mcp = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    System.setOut(System.err);
    return mcp;
  }

  private static void startReader(ActorContext<Command> context, InputStream in,
      ActorRef<ClientSession.Command> session, LineChannel channel) {
    ActorRef<Command> self = context.getSelf();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (!line.isBlank()) {
            session.tell(new ClientSession.Incoming(JsonRpcCodec.decode(line), channel));
          }
        }
        self.tell(new InputClosed(Optional.empty()));
      } catch (IOException | RuntimeException e) {
        self.tell(new InputClosed(Optional.of(String.valueOf(e.getMessage()))));
      }
    }, "mcp-stdio-reader");
    reader.setDaemon(true);
    reader.start();
  }
}
