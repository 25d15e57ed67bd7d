/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Runs the demo's whole script on a test kit's actor system and checks the trace it prints. */
class RegistryDemoTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void theDemoShowsLookupsGroupsAnUpdateAJoinAndDeathCleanup() throws Exception {
    ActorRef<SpawnProtocol.Command> spawner = testKit.spawn(SpawnProtocol.create(), "demo");
    List<String> trace = new ArrayList<>();

    new RegistryDemo(testKit.system(), spawner, trace::add).run();

    assertInOrder(trace,
        "register SERVER weather = actor weather {\"capabilities\":{\"tools\":{},\"resources\":{}}} -> Registered",
        "  event Registered SERVER weather",
        "  event Joined mcp.servers.tools: actor weather",
        "register TRANSPORT http = actor http {\"url\":\"http://127.0.0.1:8080/mcp\"} -> Registered",
        "register SERVER weather = actor weather-2 {\"capabilities\":{\"tools\":{}}} -> AlreadyRegistered (held by actor weather)",
        "whereis SERVER weather -> actor weather {\"capabilities\":{\"tools\":{},\"resources\":{}}} on ",
        "whereis SERVER calendar -> not found",
        "ask SERVER weather tools/list -> tools [forecast, alerts]",
        "ask TRANSPORT stdio to send {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"} -> stdio wrote 46 bytes",
        "list SERVER -> [files, prompts, weather]",
        "list TRANSPORT -> [http, stdio]",
        "members mcp.servers -> [files, prompts, weather]",
        "members mcp.servers.tools -> [weather]",
        "members mcp.servers.resources -> [files, weather]",
        "members mcp.servers.prompts -> [prompts]",
        "members mcp.transports -> [http, stdio]",
        "update SERVER files {\"capabilities\":{\"resources\":{\"subscribe\":true}}} => {\"capabilities\":{\"tools\":{}}} -> Updated",
        "  event Left mcp.servers.resources: actor files",
        "  event Joined mcp.servers.tools: actor files",
        "members mcp.servers.tools -> [files, weather]",
        "members mcp.servers.resources -> [weather]",
        "join region.eu actor weather -> Joined",
        "join region.eu actor http -> Joined",
        "members region.eu -> [http, weather]",
        "groups -> [mcp.servers, mcp.servers.prompts, mcp.servers.resources, mcp.servers.tools, mcp.transports, region.eu]",
        "stop actor weather",
        "  event Left region.eu: actor weather",
        "  event Unregistered SERVER weather (TERMINATED)",
        "whereis SERVER weather -> not found",
        "list SERVER -> [files, prompts]",
        "members mcp.servers -> [files, prompts]",
        "members mcp.servers.tools -> [files]",
        "members mcp.servers.resources -> []",
        "members region.eu -> [http]",
        "register SERVER weather = actor weather-2 {\"capabilities\":{\"tools\":{}}} -> Registered",
        "whereis SERVER weather -> actor weather-2 ",
        "done");
    assertEquals(1, trace.stream().filter(line -> line.startsWith("  event Unregistered")).count(),
        "only the stopped actor's name goes away:\n" + String.join("\n", trace));
  }

  /** Each fragment starts a line that comes after the line the previous fragment started. */
  private static void assertInOrder(List<String> trace, String... fragments) {
    int from = 0;
    for (String fragment : fragments) {
      int at = from;
      while (at < trace.size() && !trace.get(at).startsWith(fragment)) {
        at++;
      }
      if (at == trace.size()) {
        fail("no line starting with\n  " + fragment + "\nafter line " + from + " of the trace:\n" + String.join("\n", trace));
      }
      from = at + 1;
    }
  }
}
