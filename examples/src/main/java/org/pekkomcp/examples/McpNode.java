/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.pekkomcp.management.McpHealth;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.transport.http.HttpSettings;
import org.pekkomcp.mcp.transport.http.HttpTransport;
import org.pekkomcp.mcp.transport.stdio.StdioTransport;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;
import org.pekkomcp.sharding.ServerPlacement;
import org.pekkomcp.sharding.ServerSpec;
import org.slf4j.LoggerFactory;

/**
 * A node of the example MCP app: a cluster member that may host some example servers
 * ({@link CalculatorServer}, {@link NotesServer}) and serves <em>every</em> server in the cluster
 * over one Streamable HTTP endpoint, {@code http://127.0.0.1:8080/mcp/<server name>}, and, with
 * {@code --stdio NAME}, one server over stdin/stdout.
 *
 * <h2>Cluster by default</h2>
 * The node runs the cluster backend. Alone it joins itself, so it is a working one-node cluster
 * with nothing to install or configure; {@code --join HOST:PORT,...} makes it join the cluster of
 * these seed nodes instead (on Kubernetes: every pod of a StatefulSet, see
 * {@code docs/operations.md}). Every node's endpoint serves every server in the cluster: a client session lives on
 * the node the client talks to, and each request goes to wherever the registry says the server
 * runs now.
 *
 * <h2>Servers that outlive their node</h2>
 * Every node declares every example server with {@link ServerPlacement}; a server needs the role
 * {@link NodeOptions#role}, which a node has for each server of {@code --servers}. Cluster
 * Sharding runs each server once, on one of the nodes with its role, and starts it on another of
 * them when its node crashes or leaves. A node with {@code --servers none} hosts nothing and
 * still serves every server.
 *
 * <h2>Health and metrics</h2>
 * With {@code --management-port} the node serves Pekko Management there: {@code /ready},
 * {@code /alive} and {@code /metrics} of the {@code pekko-mcp-management} module, readiness
 * including the node's HTTP endpoint (see {@code docs/operations.md}).
 *
 * <h2>Output</h2>
 * The node prints where it listens and the registry's server events as they reach it (servers of
 * other nodes included); with {@code --stdio} these lines go to stderr, as stdout carries MCP only.
 */
public final class McpNode {

  /** The example servers a node can host, by name. */
  public static final List<String> SERVERS = List.of(CalculatorServer.NAME, NotesServer.NAME);

  private static final Duration STARTUP = Duration.ofSeconds(60);

  private McpNode() {}

  public static void main(String[] args) throws Exception {
    NodeOptions options;
    NodeOptions.Parsed parsed = NodeOptions.parse(System.getenv(), args);
    if (parsed instanceof NodeOptions.HelpWanted) {
      System.out.println(NodeOptions.USAGE);
      return;
    } else if (parsed instanceof NodeOptions.Invalid invalid) {
      System.err.println(invalid.problem());
      System.err.println(NodeOptions.USAGE);
      System.exit(2);
      return;
    } else {
      options = ((NodeOptions.Valid) parsed).options();
    }
    Optional<String> taken = StartupPorts.firstTaken(options);
    if (taken.isPresent()) {
      System.err.println(taken.get());
      System.exit(1);
      return;
    }
    // Over stdio, stdout is the MCP channel: take it before anything can print there.
    Optional<PrintStream> mcpOut = options.stdio().map(name -> StdioTransport.claimStdout());
    // Start SLF4J before Pekko's threads race to it, else SLF4J prints a "replayed calls" warning.
    LoggerFactory.getILoggerFactory();
    ActorSystem<Void> system;
    try {
      system = ActorSystem.create(
          guardian(options, System.in, mcpOut.map(OutputStream.class::cast)), NodeOptions.SYSTEM_NAME, options.config());
    } catch (RuntimeException e) {
      if (!StartupPorts.isBindFailure(e)) {
        throw e;
      }
      System.err.println(StartupPorts.clusterPortTaken(options)); // taken since the check
      System.exit(1);
      return;
    }
    PrintStream say = System.out; // stderr when stdout was claimed
    McpRegistry registry = McpRegistry.get(system);
    // Readiness waits for this node's HTTP endpoint from the first probe on.
    if (options.httpPort().isPresent()) {
      McpHealth.get(system).expectTransport(transportName(system));
    }
    if (options.managementPort().isPresent()) {
      Optional<String> notServing = startManagement(system, options, say);
      if (notServing.isPresent()) {
        System.err.println(notServing.get());
        system.terminate();
        System.exit(1);
        return;
      }
    }
    say.println("node " + system.address() + " (registry backend: " + (registry.isDistributed() ? "cluster" : "local")
        + ", " + (options.join().isEmpty() ? "a cluster of its own" : "seed nodes " + String.join(",", options.join())) + ")");
    registry.subscribe(event -> describe(event).ifPresent(say::println));
    try {
      if (options.httpPort().isPresent()) {
        CompletableFuture<Optional<Registration>> bound =
            registry.await(Kind.TRANSPORT, transportName(system), STARTUP).toCompletableFuture();
        // The endpoint stops when it cannot bind, and the node with it: no waiting for the timeout.
        CompletableFuture.anyOf(bound, system.getWhenTerminated().toCompletableFuture())
            .get(STARTUP.toSeconds() + 5, TimeUnit.SECONDS);
        if (!bound.isDone()) {
          System.err.println(StartupPorts.httpPortTaken(options));
          System.exit(1);
        }
        Registration http = bound.join()
            .orElseThrow(() -> new IllegalStateException("the HTTP endpoint did not start within " + STARTUP));
        say.println("MCP endpoint " + http.config().get("url").orElseThrow().asText()
            + "/<server name> serves every server in the cluster");
      }
      for (String server : options.servers()) {
        registry.await(Kind.SERVER, server, STARTUP).toCompletableFuture().get(STARTUP.toSeconds() + 5, TimeUnit.SECONDS)
            .orElseThrow(() -> new IllegalStateException("server " + server + " did not register within " + STARTUP));
      }
      if (benchFloor(system)) {
        say.println("bench floor " + BenchFloor.bind(system, options.bind().orElse(options.host()), options.join())
            .toCompletableFuture().get(STARTUP.toSeconds(), TimeUnit.SECONDS));
      }
      say.println("ready: may host " + (options.servers().isEmpty() ? "no servers" : String.join(", ", options.servers())));
    } catch (Exception e) {
      System.err.println("node failed to start: " + e);
      system.terminate();
      System.exit(1);
    }
    system.getWhenTerminated().toCompletableFuture().join();
    System.exit(0);
  }

  /**
   * The line for a management port that cannot be bound now, checked before Pekko starts as the
   * other two ports are (Pekko's own report of a failed bind is a stack trace): the same check,
   * asked of options whose only port is the management port.
   */
  /**
   * Starts Pekko Management with this node's health checks and metrics (module
   * {@code pekko-mcp-management}) before the node has joined, so that a liveness probe answers
   * while readiness waits. Empty when it serves; else the line that says why not.
   */
  private static Optional<String> startManagement(ActorSystem<?> system, NodeOptions options, PrintStream say) {
    try {
      String uri = PekkoManagement.get(Adapter.toClassic(system)).start().toCompletableFuture()
          .get(STARTUP.toSeconds(), TimeUnit.SECONDS).toString();
      say.println("management endpoint " + uri + " serves /ready, /alive and /metrics");
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.of(StartupPorts.isBindFailure(e) // taken since the check
          ? StartupPorts.managementPortTaken(options)
          : "the management endpoint did not start: " + e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      return Optional.of("the management endpoint did not start within " + STARTUP);
    }
  }

  /**
   * The node's root actor: declares the example servers, prints the cluster's members as they
   * come up, starts the HTTP endpoint and the stdio transport, if asked for. The node lives as
   * long as they do: the endpoint stops when it cannot bind, stdio when the client closes stdin.
   */
  static Behavior<Void> guardian(NodeOptions options, InputStream in, Optional<OutputStream> out) {
    return Behaviors.setup(context -> {
      String node = context.getSystem().address().toString();
      ServerPlacement placement = ServerPlacement.get(context.getSystem());
      for (String server : SERVERS) {
        placement.declare(ServerSpec.ofBehavior(server, () -> server(server, node)).withRole(NodeOptions.role(server)));
      }
      context.spawn(membersUp(), "members-up");
      if (benchFloor(context.getSystem())) {
        BenchFloor.startEcho(context);
      }
      options.httpPort().ifPresent(port ->
          context.watch(context.spawn(HttpTransport.create(httpSettings(options, context.getSystem())), "http")));
      if (options.stdio().isPresent() && out.isPresent()) {
        context.watch(context.spawn(stdioOnceFound(options.stdio().get(), in, out.get()), "stdio-bridge"));
      }
      return Behaviors.receive(Void.class).onSignal(Terminated.class, t -> Behaviors.stopped()).build();
    });
  }

  /** Prints "cluster: member up ADDRESS" for each member that is Up, this one included: which cluster the node is in. */
  private static Behavior<ClusterEvent.MemberUp> membersUp() {
    return Behaviors.setup(context -> {
      Cluster.get(context.getSystem()).subscriptions()
          .tell(Subscribe.create(context.getSelf(), ClusterEvent.MemberUp.class));
      return Behaviors.receiveMessage(up -> {
        System.out.println("cluster: member up " + up.member().address());
        return Behaviors.same();
      });
    });
  }

  /**
   * Starts the stdio transport once the server's name is known here: a node that has just
   * joined learns the cluster's servers a moment later, and a client's {@code initialize} sent in
   * that moment would be refused. Stdin waits in the pipe meanwhile. Stops with the transport.
   */
  private static Behavior<Optional<Registration>> stdioOnceFound(String server, InputStream in, OutputStream out) {
    return Behaviors.setup(context -> {
      context.pipeToSelf(McpRegistry.get(context.getSystem()).await(Kind.SERVER, server, STARTUP),
          (found, failure) -> found == null ? Optional.empty() : found);
      return Behaviors.receive((ctx, found) -> {
        if (found.isEmpty()) {
          ctx.getLog().warn("no server '{}' in the cluster after {}; serving stdio anyway", server, STARTUP);
        }
        Duration timeout = ctx.getSystem().settings().config().getDuration("mcp.transport.request-timeout");
        ctx.watch(ctx.spawn(StdioTransport.create(server, in, out, timeout), "stdio"));
        return Behaviors.<Optional<Registration>>receive((c, more) -> Behaviors.same(),
            (c, signal) -> signal instanceof Terminated ? Behaviors.stopped() : Behaviors.same());
      });
    });
  }

  /** Whether the node runs {@link BenchFloor}, for {@code ./bench-http} ({@code mcp-node.bench-floor}). */
  private static boolean benchFloor(ActorSystem<?> system) {
    return system.settings().config().getBoolean("mcp-node.bench-floor");
  }

  /** The behaviour of the example server called {@code name}, started on {@code node}. */
  public static Behavior<McpServer.Command> server(String name, String node) {
    return switch (name) {
      case CalculatorServer.NAME -> McpServer.create(CalculatorServer.definition(node));
      case NotesServer.NAME -> NotesServer.create();
      default -> throw new IllegalArgumentException("no example server called " + name + "; there are " + SERVERS);
    };
  }

  /** The node's HTTP endpoint: the configured defaults, this node's address, port, token and allowed hosts. */
  public static HttpSettings httpSettings(NodeOptions options, ActorSystem<?> system) {
    HttpSettings settings = HttpSettings.fromConfig(system.settings().config())
        .withHost(options.bind().orElse(options.host()))
        .withPort(options.httpPort().orElse(NodeOptions.DEFAULT_HTTP_PORT))
        .withName(transportName(system));
    settings = settings.withAllowedHosts(Stream.<Collection<String>>of(settings.allowedHosts(), List.of(options.host()), options.allowedHosts())
        .flatMap(Collection::stream).distinct().toList());
    return options.token().map(settings::withBearerToken).orElse(settings);
  }

  /** Transport names are unique in the cluster: the endpoint is named after its node. */
  public static String transportName(ActorSystem<?> system) {
    return "http-" + system.address().hostPort();
  }

  /** The server comings and goings, wherever they happen; group and transport churn is left out. */
  private static Optional<String> describe(RegistryEvent event) {
    if (event instanceof RegistryEvent.Registered e && e.registration().kind() == Kind.SERVER) {
      return Optional.of("registry: server " + e.registration().name() + " is up on " + e.registration().node());
    }
    if (event instanceof RegistryEvent.Unregistered e && e.registration().kind() == Kind.SERVER) {
      return Optional.of("registry: server " + e.registration().name() + " is gone from " + e.registration().node()
          + " (" + e.reason() + ")");
    }
    return Optional.empty();
  }
}
