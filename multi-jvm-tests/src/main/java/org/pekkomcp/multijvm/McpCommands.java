/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.McpRegistry;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.sharding.ServerPlacement;
import org.pekkomcp.sharding.ServerSpec;

/**
 * The commands of a test node that concern MCP servers placed on the cluster and clients of
 * them (the registry's own commands are in {@link NodeCommands}):
 *
 * <pre>
 * declare NAME...                     running
 * client-open CLIENT SERVER           client-call CLIENT METHOD PARAMS-JSON
 * load-start CLIENT INTERVAL-MS       load-calls CLIENT    load-stop CLIENT
 * resource-updated SERVER URI
 * </pre>
 *
 * {@code declare} declares a {@link ProbeServer} of each name with {@link ServerPlacement}, for
 * nodes with the role {@value #HOST_ROLE} (a node gets it from {@code pekko.cluster.roles}); a
 * node without it declares the servers too and reaches them through a Sharding proxy.
 * {@code running} lists the declared servers whose instance runs here. A client is a
 * {@link LocalClient} of this node; {@code load-start} makes it call {@code where} in a
 * {@link CallLoop}, {@code load-calls} returns the calls so far, and {@code load-stop} ends
 * the loop and returns every call. {@code resource-updated} makes the
 * instance on this node notify the subscribers of {@code URI}.
 */
final class McpCommands {

  /** The role of the nodes that may host the probe servers. */
  static final String HOST_ROLE = "host";

  private final ActorSystem<?> system;
  private final EventLog log;
  private final String self;
  private final Map<String, LocalClient> clients = new ConcurrentHashMap<>();
  private final Map<String, CallLoop> loops = new ConcurrentHashMap<>();

  McpCommands(ActorSystem<?> system, EventLog log) {
    this.system = system;
    this.log = log;
    this.self = system.address().toString();
  }

  /** The answer to {@code op}, or empty if {@code op} is not one of these commands. */
  Optional<CompletionStage<ObjectNode>> run(String op, String[] a, String line) {
    return Optional.ofNullable(switch (op) {
      case "declare" -> declare(a);
      case "running" -> {
        ArrayNode names = Json.MAPPER.createArrayNode();
        ServerPlacement.get(system).runningHere().stream().sorted().forEach(names::add);
        yield done(obj().set("running", names));
      }
      // A second client of the same id is refused by its actor's name (test-client-ID).
      case "client-open" -> LocalClient.open(system, arg(a, 0), arg(a, 1), log).thenApply(opened -> {
        clients.put(arg(a, 0), opened.client());
        return obj().set("initialize", opened.initializeAnswer());
      });
      case "client-call" -> client(arg(a, 0)).call(arg(a, 1), line.trim().split(" +", 4)[3])
          .thenApply(answer -> obj().set("answer", answer));
      case "load-start" -> {
        CallLoop loop = CallLoop.start(system, client(arg(a, 0)), Duration.ofMillis(Long.parseLong(arg(a, 1))));
        if (loops.putIfAbsent(arg(a, 0), loop) != null) {
          loop.stop();
          throw new IllegalArgumentException("client " + arg(a, 0) + " already runs a load");
        }
        yield done(obj().put("loading", arg(a, 0)));
      }
      case "load-calls" -> done(obj().set("calls", loop(arg(a, 0)).calls()));
      case "load-stop" -> {
        CallLoop loop = loop(arg(a, 0));
        loops.remove(arg(a, 0));
        yield loop.stop().thenApply(calls -> obj().set("calls", calls));
      }
      case "resource-updated" -> resourceUpdated(arg(a, 0), arg(a, 1));
      default -> null;
    });
  }

  private CompletionStage<ObjectNode> declare(String[] names) {
    ServerPlacement placement = ServerPlacement.get(system);
    ArrayNode declared = Json.MAPPER.createArrayNode();
    for (String name : names) {
      ServerSpec spec = ServerSpec.of(name, () -> ProbeServer.definition(name, self, UUID.randomUUID().toString()));
      declared.add(placement.declare(spec.withRole(HOST_ROLE)).getClass().getSimpleName());
    }
    return done(obj().set("declared", declared));
  }

  private CompletionStage<ObjectNode> resourceUpdated(String server, String uri) {
    Registration found = McpRegistry.get(system).whereis(Kind.SERVER, server)
        .orElseThrow(() -> new IllegalArgumentException("no server " + server));
    if (!found.node().equals(system.address())) {
      throw new IllegalArgumentException(server + " runs on " + found.node() + ", not here");
    }
    found.refAs(McpServer.Command.class).tell(new McpServer.ResourceUpdated(uri));
    return done(obj().put("updated", uri));
  }

  private CallLoop loop(String client) {
    CallLoop loop = loops.get(client);
    if (loop == null) {
      throw new IllegalArgumentException("client " + client + " runs no load");
    }
    return loop;
  }

  private LocalClient client(String id) {
    LocalClient client = clients.get(id);
    if (client == null) {
      throw new IllegalArgumentException("no client " + id);
    }
    return client;
  }

  private static String arg(String[] a, int i) {
    if (i >= a.length) {
      throw new IllegalArgumentException("missing argument " + (i + 1));
    }
    return a[i];
  }

  private static ObjectNode obj() {
    return Json.MAPPER.createObjectNode();
  }

  private static CompletionStage<ObjectNode> done(ObjectNode o) {
    return CompletableFuture.completedFuture(o);
  }
}
