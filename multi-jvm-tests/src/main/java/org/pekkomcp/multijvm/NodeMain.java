/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.pekkomcp.registry.McpRegistry;

/**
 * One cluster node of a multi-JVM test, driven over stdin/stdout by the test process.
 *
 * <h2>Life cycle</h2>
 * The node starts an actor system from {@link NodeOptions} (Artery on the given host, port 0,
 * Split Brain Resolver keep-majority, test mode on), joins the seed it was given or itself (or
 * waits for a {@code join-cluster} command), and
 * prints {@code READY <address>} on stdout when its own member is Up. It then reads one command
 * per line, {@code <id> <op> <args...>} (see {@link NodeCommands}), and writes one JSON line per
 * command: {@code {"id":7,"ok":true,...}} or {@code {"id":7,"ok":false,"error":"..."}}. Answers
 * may come out of order (writes complete asynchronously); the id pairs them up. Logs go to
 * stderr only, so stdout carries nothing but the protocol.
 *
 * <h2>Always going away</h2>
 * A test must never leak a JVM, so three things end a node: its stdin closing (the test process
 * died or closed it), a watchdog after {@code --watchdog-minutes}, and its actor system
 * terminating (for instance when the cluster downs it: it then prints {@code TERMINATED}).
 *
 * <h2>What it records</h2>
 * From start-up on, an {@link EventLog} collects registry events (a subscription), cluster
 * membership and reachability events ({@link ClusterWatcher}) and every message a spawned actor
 * received ({@link RecordingActor}), each with the wall-clock time; {@code events FROM} returns
 * them, and a test measures detection and removal times from them.
 */
public final class NodeMain {

  private static final Object OUTPUT_LOCK = new Object();
  private static final PrintStream OUT =
      new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

  private NodeMain() {}

  public static void main(String[] args) throws IOException {
    NodeOptions options = NodeOptions.parse(List.of(args), System.getenv());
    startWatchdog(options.watchdog());
    EventLog log = new EventLog();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), NodeOptions.SYSTEM_NAME, options.toConfig());
    system.getWhenTerminated().thenRun(() -> {
      print("TERMINATED");
      System.exit(0);
    });
    Address self = Cluster.get(system).selfMember().address();
    system.systemActorOf(ClusterWatcher.create(log, address -> print("READY " + address)), "test-cluster-watcher", Props.empty());
    McpRegistry.get(system).subscribe(event -> log.add(event.getClass().getSimpleName(), e -> Json.event(event, self, e)));
    if (options.seed().isEmpty()) {
      Cluster.get(system).manager().tell(Join.create(self));
    } else if (!options.seed().get().equals(NodeOptions.JOIN_LATER)) {
      Cluster.get(system).manager().tell(Join.create(AddressFromURIString.parse(options.seed().get())));
    }

    NodeCommands commands = new NodeCommands(system, log);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (!line.isBlank()) {
        answer(commands, line);
      }
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("actor system did not terminate in 10 s: " + e);
    }
    System.exit(0);
  }

  private static void answer(NodeCommands commands, String line) {
    String[] idAndCommand = line.trim().split(" +", 2);
    long id;
    try {
      id = Long.parseLong(idAndCommand[0]);
    } catch (NumberFormatException e) {
      print(error(-1, "a command line starts with a numeric id: " + line));
      return;
    }
    if (idAndCommand.length < 2) {
      print(error(id, "no command after the id"));
      return;
    }
    commands.run(idAndCommand[1]).whenComplete((result, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        print(error(id, cause.toString()));
      } else {
        ObjectNode answer = Json.MAPPER.createObjectNode().put("id", id).put("ok", true);
        answer.setAll(result);
        print(answer.toString());
      }
    });
  }

  private static String error(long id, String message) {
    return Json.MAPPER.createObjectNode().put("id", id).put("ok", false).put("error", message).toString();
  }

  private static void print(String line) {
    synchronized (OUTPUT_LOCK) {
      OUT.println(line);
    }
  }

  private static void startWatchdog(Duration after) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(after.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("watchdog: exiting after " + after);
      Runtime.getRuntime().halt(3);
    }, "node-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
