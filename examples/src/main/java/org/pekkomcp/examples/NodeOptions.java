/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.pekkomcp.mcp.transport.stdio.StdioTransport;

/**
 * The command line of {@link McpNode}, and the actor-system configuration it implies.
 *
 * <p>Each option but {@code --stdio} can also come from an environment variable named after it
 * ({@code --cluster-port} from {@code MCP_CLUSTER_PORT}): a container is configured by its
 * environment, and the command line wins over it. Any other setting is overridden the way
 * Typesafe Config does it ({@code -Dpath=value}, or {@code CONFIG_FORCE_path} with
 * {@code -Dconfig.override_with_env_vars=true}); those win over the options.
 *
 * @param join {@code host:port} of each seed node; empty: this node starts a cluster of its own
 * @param host the address other nodes reach this one at (its cluster address), and the HTTP
 *     endpoint's host, loopback by default
 * @param bind the address the cluster and HTTP sockets bind, if not {@code host} ({@code 0.0.0.0}
 *     in a container, whose host name is a DNS name)
 * @param clusterPort the cluster (Artery) port; 0 picks a free one
 * @param httpPort the MCP HTTP endpoint's port (0 picks a free one); empty: no HTTP endpoint
 * @param servers the example servers this node may host, by name (every node declares them all;
 *     Cluster Sharding places each on one of the nodes that may host it)
 * @param stdio the server (on this node or any other) to serve on stdin/stdout, if any
 * @param token the bearer token HTTP clients must send, if any
 * @param allowedHosts host names HTTP clients may use besides the configured ones and {@code host}
 * @param managementPort the port of the management endpoint ({@code /ready}, {@code /alive},
 *     {@code /metrics}); empty: none. Off unless asked for, since several nodes on one machine
 *     would otherwise fight over one port.
 * @param oauth the OAuth resource server the HTTP endpoint is, if any (instead of {@code token})
 */
public record NodeOptions(
    List<String> join,
    String host,
    Optional<String> bind,
    int clusterPort,
    OptionalInt httpPort,
    List<String> servers,
    Optional<String> stdio,
    Optional<String> token,
    List<String> allowedHosts,
    OptionalInt managementPort,
    Optional<OAuth> oauth) {

  /** The actor system's name: nodes join only systems of the same name. */
  public static final String SYSTEM_NAME = "mcp";
  public static final int DEFAULT_CLUSTER_PORT = 25520;
  public static final int DEFAULT_HTTP_PORT = 8080;

  static final String USAGE = """
      Usage: McpNode [options]       (each option but --stdio may also be set as MCP_<OPTION>,
                                      e.g. MCP_CLUSTER_PORT=25521; the command line wins)
        --join HOST:PORT[,...]  the seed nodes: join the cluster of these nodes' cluster ports;
                                a node whose own address is the first one may start the cluster
                                (default: start a one-node cluster of our own)
        --cluster-port N        this node's cluster port (default 25520, or any free port with --join)
        --http-port N           the MCP HTTP endpoint's port, 0 for any free one (default 8080; with
                                --stdio there is no HTTP endpoint unless this is given)
        --servers A,B|none      the example servers this node may host: calculator, notes (default:
                                all); the cluster runs each once, on one of the nodes that may
        --stdio NAME            serve server NAME over stdin/stdout; it may live on any node
        --token SECRET          HTTP clients must send "Authorization: Bearer SECRET"
        --host ADDRESS          the address other nodes and HTTP clients reach this node at
                                (default 127.0.0.1)
        --bind ADDRESS          the address to bind, if not --host (e.g. 0.0.0.0)
        --allowed-hosts A,B     more host names HTTP clients may send in Host and Origin
        --management-port N     serve /ready, /alive and /metrics on this port (e.g. 8558); 0 or
                                unset: no management endpoint
        --oauth-resource URI    HTTP clients must send OAuth access tokens for this resource: the
                                endpoint's public URI, e.g. https://mcp.example.com/mcp (the
                                token audience); needs the next two, excludes --token
        --oauth-issuer URI      the authorization server that issues the tokens (their iss)
        --oauth-jwks-url URL    where the issuer publishes its public keys (JWKS)
        --oauth-scopes A,B      the scopes a token needs for every server (default: none)
        --help                  this text""";

  /** The options an environment variable may set; {@code --stdio} is left out (a node's mode is asked for). */
  private static final List<String> FROM_ENVIRONMENT =
      List.of("--join", "--host", "--bind", "--cluster-port", "--http-port", "--servers", "--token", "--allowed-hosts",
          "--management-port", "--oauth-resource", "--oauth-issuer", "--oauth-jwks-url", "--oauth-scopes");

  private static final Pattern HOST_PORT = Pattern.compile("[^:\\s,]+:\\d{1,5}");

  public NodeOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(httpPort, "httpPort");
    Objects.requireNonNull(stdio, "stdio");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(managementPort, "managementPort");
    Objects.requireNonNull(oauth, "oauth");
    join = List.copyOf(join);
    servers = List.copyOf(servers);
    allowedHosts = List.copyOf(allowedHosts);
  }

  /** Options without a management endpoint. */
  public NodeOptions(List<String> join, String host, Optional<String> bind, int clusterPort, OptionalInt httpPort,
      List<String> servers, Optional<String> stdio, Optional<String> token, List<String> allowedHosts) {
    this(join, host, bind, clusterPort, httpPort, servers, stdio, token, allowedHosts, OptionalInt.empty(), Optional.empty());
  }

  /**
   * The HTTP endpoint as an OAuth resource server: tokens from {@code issuer} whose audience is
   * {@code resource} (or {@code resource/<server>}), signed with the keys at {@code jwksUrl},
   * holding {@code scopes}. Per-server scopes and the other settings are in
   * {@code mcp.transport.http.oauth}.
   */
  public record OAuth(String resource, String issuer, String jwksUrl, List<String> scopes) {
    public OAuth {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(jwksUrl, "jwksUrl");
      scopes = List.copyOf(scopes);
    }
  }

  /** What a command line meant. */
  public sealed interface Parsed {}

  public record Valid(NodeOptions options) implements Parsed {}

  public record Invalid(String problem) implements Parsed {}

  public record HelpWanted() implements Parsed {}

  /** The command line alone, as if no {@code MCP_} variable were set. */
  public static Parsed parse(String... args) {
    return parse(Map.of(), args);
  }

  /** The command line over the {@code MCP_} variables of {@code environment}. */
  public static Parsed parse(Map<String, String> environment, String... args) {
    List<String[]> given = new ArrayList<>(); // flag, value, where it came from
    for (String flag : FROM_ENVIRONMENT) {
      String variable = environmentName(flag);
      if (environment.containsKey(variable)) {
        given.add(new String[] {flag, environment.get(variable), variable});
      }
    }
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        return new HelpWanted();
      }
      if (i + 1 >= args.length) {
        return new Invalid(flag.startsWith("--") ? flag + " needs a value" : "unknown argument " + flag);
      }
      given.add(new String[] {flag, args[++i], flag});
    }
    List<String> join = List.of();
    String host = "127.0.0.1";
    Optional<String> bind = Optional.empty();
    OptionalInt clusterPort = OptionalInt.empty();
    OptionalInt httpPort = OptionalInt.empty();
    List<String> servers = McpNode.SERVERS;
    Optional<String> stdio = Optional.empty();
    Optional<String> token = Optional.empty();
    List<String> allowedHosts = List.of();
    OptionalInt managementPort = OptionalInt.empty();
    Map<String, String> oauth = new TreeMap<>();
    for (String[] option : given) {
      String flag = option[0];
      String value = option[1];
      String source = option[2];
      switch (flag) {
        case "--join" -> {
          join = list(value);
          if (join.isEmpty() || !join.stream().allMatch(seed -> HOST_PORT.matcher(seed).matches())) {
            return new Invalid(source + " wants HOST:PORT[,HOST:PORT...], got " + value);
          }
        }
        case "--host" -> host = value;
        case "--bind" -> bind = Optional.of(value);
        case "--cluster-port" -> {
          clusterPort = port(value);
          if (clusterPort.isEmpty()) {
            return new Invalid(source + " wants 0-65535, got " + value);
          }
        }
        case "--http-port" -> {
          httpPort = port(value);
          if (httpPort.isEmpty()) {
            return new Invalid(source + " wants 0-65535, got " + value);
          }
        }
        case "--servers" -> {
          servers = value.equals("none") ? List.of() : list(value);
          List<String> unknown = new ArrayList<>(servers);
          unknown.removeAll(McpNode.SERVERS);
          if (!unknown.isEmpty()) {
            return new Invalid(source + ": unknown servers " + unknown + "; the examples are " + McpNode.SERVERS);
          }
        }
        case "--stdio" -> stdio = Optional.of(value);
        case "--token" -> token = Optional.of(value);
        case "--allowed-hosts" -> allowedHosts = list(value);
        case "--management-port" -> {
          managementPort = port(value);
          if (managementPort.isEmpty()) {
            return new Invalid(source + " wants 0-65535, got " + value);
          }
          if (managementPort.getAsInt() == 0) {
            managementPort = OptionalInt.empty();
          }
        }
        case "--oauth-resource", "--oauth-issuer", "--oauth-jwks-url", "--oauth-scopes" -> oauth.put(flag, value);
        default -> {
          return new Invalid("unknown option " + flag);
        }
      }
    }
    Optional<OAuth> resourceServer = Optional.empty();
    if (!oauth.isEmpty()) {
      List<String> needed = List.of("--oauth-resource", "--oauth-issuer", "--oauth-jwks-url");
      if (!oauth.keySet().containsAll(needed)) {
        return new Invalid(String.join(", ", needed) + " go together (or their MCP_OAUTH_ variables); got only " + oauth.keySet());
      }
      if (token.isPresent()) {
        return new Invalid("--token and --oauth-resource exclude each other: a static token or OAuth access tokens");
      }
      resourceServer = Optional.of(new OAuth(oauth.get("--oauth-resource"), oauth.get("--oauth-issuer"),
          oauth.get("--oauth-jwks-url"), list(oauth.getOrDefault("--oauth-scopes", ""))));
    }
    // A stdio server is started by its client, often next to a running node: any free cluster port.
    int cluster = clusterPort.orElse(!join.isEmpty() || stdio.isPresent() ? 0 : DEFAULT_CLUSTER_PORT);
    OptionalInt http = httpPort.isPresent() || stdio.isPresent() ? httpPort : OptionalInt.of(DEFAULT_HTTP_PORT);
    return new Valid(new NodeOptions(join, host, bind, cluster, http, servers, stdio, token, allowedHosts,
        managementPort, resourceServer));
  }

  /** The environment variable that sets {@code flag}: {@code --cluster-port} is {@code MCP_CLUSTER_PORT}. */
  static String environmentName(String flag) {
    return "MCP_" + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
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
   * The node's configuration: the cluster backend on a cluster of its own or the one of its seed
   * nodes, a role for each server it may host, Java serialization off (every message that crosses
   * nodes has a serializer), and over stdio nothing but MCP on stdout. Loaded the way
   * {@code ConfigFactory.load()} loads: system properties (and {@code CONFIG_FORCE_} variables,
   * when enabled) over these settings over application.conf over reference.conf.
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
            join.stream().map(seed -> "pekko://" + SYSTEM_NAME + "@" + seed).toList()))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(servers.stream().map(NodeOptions::role).toList()));
    if (bind.isPresent()) {
      node = node.withValue("pekko.remote.artery.bind.hostname", ConfigValueFactory.fromAnyRef(bind.get()));
    }
    if (managementPort.isPresent()) {
      node = node.withValue("pekko.management.http.hostname", ConfigValueFactory.fromAnyRef(host))
          .withValue("pekko.management.http.port", ConfigValueFactory.fromAnyRef(managementPort.getAsInt()));
      if (bind.isPresent()) {
        node = node.withValue("pekko.management.http.bind-hostname", ConfigValueFactory.fromAnyRef(bind.get()));
      }
    }
    if (oauth.isPresent()) {
      node = node.withValue("mcp.transport.http.oauth.resource", ConfigValueFactory.fromAnyRef(oauth.get().resource()))
          .withValue("mcp.transport.http.oauth.issuer", ConfigValueFactory.fromAnyRef(oauth.get().issuer()))
          .withValue("mcp.transport.http.oauth.jwks-url", ConfigValueFactory.fromAnyRef(oauth.get().jwksUrl()))
          .withValue("mcp.transport.http.oauth.scopes.default", ConfigValueFactory.fromIterable(oauth.get().scopes()));
    }
    if (stdio.isPresent()) {
      node = StdioTransport.quietConfig().withFallback(node);
    }
    return ConfigFactory.load(node.withFallback(ConfigFactory.defaultApplication()));
  }
}
