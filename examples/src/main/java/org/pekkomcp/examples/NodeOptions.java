package org.pekkomcp.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.pekkomcp.mcp.transport.stdio.StdioTransport;

/**
 * The command line of {@link McpNode}, and the actor-system configuration it implies.
 *
 * @param join {@code host:port} of a node to join; empty: this node starts a cluster of its own
 * @param host the address the node binds (cluster and HTTP), loopback by default
 * @param clusterPort the cluster (Artery) port; 0 picks a free one
 * @param httpPort the MCP HTTP endpoint's port (0 picks a free one); empty: no HTTP endpoint
 * @param servers the example servers this node may host, by name (every node declares them all;
 *     Cluster Sharding places each on one of the nodes that may host it)
 * @param stdio the server (on this node or any other) to serve on stdin/stdout, if any
 * @param token the bearer token HTTP clients must send, if any
 */
public record NodeOptions(
    Optional<String> join,
    String host,
    int clusterPort,
    OptionalInt httpPort,
    List<String> servers,
    Optional<String> stdio,
    Optional<String> token) {

  /** The actor system's name: nodes join only systems of the same name. */
  public static final String SYSTEM_NAME = "mcp";
  public static final int DEFAULT_CLUSTER_PORT = 25520;
  public static final int DEFAULT_HTTP_PORT = 8080;

  static final String USAGE = """
      Usage: McpNode [options]
        --join HOST:PORT     join the cluster of the node whose cluster port this is
                             (default: start a one-node cluster of our own)
        --cluster-port N     this node's cluster port (default 25520, or any free port with --join)
        --http-port N        the MCP HTTP endpoint's port, 0 for any free one (default 8080; with
                             --stdio there is no HTTP endpoint unless this is given)
        --servers A,B|none   the example servers this node may host: calculator, notes (default:
                             all); the cluster runs each once, on one of the nodes that may
        --stdio NAME         serve server NAME over stdin/stdout; it may live on any node
        --token SECRET       HTTP clients must send "Authorization: Bearer SECRET"
        --host ADDRESS       the address to bind (default 127.0.0.1)
        --help               this text""";

  private static final Pattern HOST_PORT = Pattern.compile("[^:\\s]+:\\d{1,5}");

  public NodeOptions {
    Objects.requireNonNull(join, "join");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(httpPort, "httpPort");
    Objects.requireNonNull(stdio, "stdio");
    Objects.requireNonNull(token, "token");
    servers = List.copyOf(servers);
  }

  /** What a command line meant. */
  public sealed interface Parsed {}

  public record Valid(NodeOptions options) implements Parsed {}

  public record Invalid(String problem) implements Parsed {}

  public record HelpWanted() implements Parsed {}

  public static Parsed parse(String... args) {
    Optional<String> join = Optional.empty();
    String host = "127.0.0.1";
    OptionalInt clusterPort = OptionalInt.empty();
    OptionalInt httpPort = OptionalInt.empty();
    List<String> servers = McpNode.SERVERS;
    Optional<String> stdio = Optional.empty();
    Optional<String> token = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        return new HelpWanted();
      }
      if (i + 1 >= args.length) {
        return new Invalid(flag.startsWith("--") ? flag + " needs a value" : "unknown argument " + flag);
      }
      String value = args[++i];
      switch (flag) {
        case "--join" -> {
          if (!HOST_PORT.matcher(value).matches()) {
            return new Invalid("--join wants HOST:PORT, got " + value);
          }
          join = Optional.of(value);
        }
        case "--host" -> host = value;
        case "--cluster-port" -> {
          clusterPort = port(value);
          if (clusterPort.isEmpty()) {
            return new Invalid("--cluster-port wants 0-65535, got " + value);
          }
        }
        case "--http-port" -> {
          httpPort = port(value);
          if (httpPort.isEmpty()) {
            return new Invalid("--http-port wants 0-65535, got " + value);
          }
        }
        case "--servers" -> {
          servers = value.equals("none") ? List.of() : Arrays.stream(value.split(",")).map(String::trim).distinct().toList();
          List<String> unknown = new ArrayList<>(servers);
          unknown.removeAll(McpNode.SERVERS);
          if (!unknown.isEmpty()) {
            return new Invalid("unknown servers " + unknown + "; the examples are " + McpNode.SERVERS);
          }
        }
        case "--stdio" -> stdio = Optional.of(value);
        case "--token" -> token = Optional.of(value);
        default -> {
          return new Invalid("unknown option " + flag);
        }
      }
    }
    // A stdio server is started by its client, often next to a running node: any free cluster port.
    int cluster = clusterPort.orElse(join.isPresent() || stdio.isPresent() ? 0 : DEFAULT_CLUSTER_PORT);
    OptionalInt http = httpPort.isPresent() || stdio.isPresent() ? httpPort : OptionalInt.of(DEFAULT_HTTP_PORT);
    return new Valid(new NodeOptions(join, host, cluster, http, servers, stdio, token));
  }

  private static OptionalInt port(String value) {
    try {
      int port = Integer.parseInt(value);
      return port >= 0 && port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** The cluster role of the nodes that may host example server {@code server}. */
  public static String role(String server) {
    return "serves-" + server;
  }

  /**
   * The node's configuration: the cluster backend on a cluster of its own or the one it joins,
   * a role for each server it may host, Java serialization off (every message that crosses nodes
   * has a serializer), and over stdio nothing but MCP on stdout. Falls back to the
   * application.conf/reference.conf on the classpath.
   */
  public Config config() {
    Config node = ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.actor.allow-java-serialization = off
            mcp.registry.backend = cluster
            """)
        .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(clusterPort))
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(
            join.map(j -> List.of("pekko://" + SYSTEM_NAME + "@" + j)).orElse(List.of())))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(servers.stream().map(NodeOptions::role).toList()));
    if (stdio.isPresent()) {
      node = StdioTransport.quietConfig().withFallback(node);
    }
    return node.withFallback(ConfigFactory.load());
  }
}
