/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private network for node JVMs, made of Linux network namespaces: one namespace per node
 * with an address from a test subnet, each joined by a veth pair to a bridge in a hub namespace.
 * A partition is iptables DROP rules inside one node's namespace; healing flushes them. Nothing
 * is ever added to the root namespace (its loopback and firewall are shared with everything
 * else on the machine), and {@link #close()} deletes every namespace, which takes the veths
 * with it.
 *
 * <p>Needs root, {@code ip} and {@code iptables} ({@code .ci/run} installs them);
 * {@link #requireAvailable()} fails the test that needs them with the reason, so a machine that
 * lacks them shows a failure, never a silently weaker test.
 */
final class NetNamespaces implements AutoCloseable {

  private static final Pattern OURS = Pattern.compile("^(pmcp-(\\d+)-\\w+)");

  private final String prefix;
  private final int subnet;
  private final int nodes;

  private NetNamespaces(String prefix, int subnet, int nodes) {
    this.prefix = prefix;
    this.subnet = subnet;
    this.nodes = nodes;
  }

  /** Why namespaces cannot be used here, or empty when they can (a probe namespace is made). */
  static Optional<String> unavailable() {
    if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
      return Optional.of("network namespaces need Linux");
    }
    for (String tool : List.of("ip", "iptables")) {
      if (run(List.of("sh", "-c", "command -v " + tool)).exit() != 0) {
        return Optional.of("`" + tool + "` is not installed (apt-get install iproute2 iptables)");
      }
    }
    String probe = "pmcp-" + ProcessHandle.current().pid() + "-probe";
    Result add = run(List.of("ip", "netns", "add", probe));
    if (add.exit() != 0) {
      return Optional.of("cannot create a network namespace (needs root/CAP_SYS_ADMIN): " + add.output().trim());
    }
    Result rules = run(List.of("ip", "netns", "exec", probe, "iptables", "-S"));
    run(List.of("ip", "netns", "del", probe));
    if (rules.exit() != 0) {
      return Optional.of("iptables does not work inside a namespace: " + rules.output().trim());
    }
    return Optional.empty();
  }

  /** Fails the calling test, naming what is missing, unless namespaces can be made here. */
  static void requireAvailable() {
    unavailable().ifPresent(why -> {
      throw new AssertionError("this test needs network namespaces with iptables (run as root; .ci/run installs "
          + "iproute2 and iptables): " + why);
    });
  }

  /** Makes the hub and {@code count} node namespaces, wired and up. */
  static NetNamespaces create(int count) {
    removeStale();
    String prefix = "pmcp-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    // 10.213.x.0/24 exists only inside these namespaces; x varies so two runs never share one.
    NetNamespaces net = new NetNamespaces(prefix, ThreadLocalRandom.current().nextInt(1, 250), count);
    try {
      String hub = net.hub();
      must(List.of("ip", "netns", "add", hub));
      must(List.of("ip", "-n", hub, "link", "add", "br0", "type", "bridge"));
      must(List.of("ip", "-n", hub, "link", "set", "br0", "up"));
      String tag = prefix.substring(prefix.lastIndexOf('-') + 1);
      for (int i = 1; i <= count; i++) {
        String ns = net.namespace(i);
        String inner = "pm" + tag + "a" + i;
        String outer = "pm" + tag + "b" + i;
        must(List.of("ip", "netns", "add", ns));
        must(List.of("ip", "link", "add", inner, "type", "veth", "peer", "name", outer));
        must(List.of("ip", "link", "set", inner, "netns", ns));
        must(List.of("ip", "link", "set", outer, "netns", hub));
        must(List.of("ip", "-n", ns, "link", "set", inner, "name", "eth0"));
        must(List.of("ip", "-n", ns, "addr", "add", net.address(i) + "/24", "dev", "eth0"));
        must(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
        must(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        must(List.of("ip", "-n", hub, "link", "set", outer, "master", "br0"));
        must(List.of("ip", "-n", hub, "link", "set", outer, "up"));
      }
      return net;
    } catch (RuntimeException e) {
      net.close();
      throw e;
    }
  }

  String namespace(int node) {
    return prefix + "-n" + node;
  }

  String address(int node) {
    return "10.213." + subnet + "." + node;
  }

  /** Drops everything between {@code node} and each of {@code peers}, inside node's namespace. */
  void isolate(int node, List<Integer> peers) {
    for (int peer : peers) {
      must(List.of("ip", "netns", "exec", namespace(node), "iptables", "-A", "INPUT", "-s", address(peer), "-j", "DROP"));
      must(List.of("ip", "netns", "exec", namespace(node), "iptables", "-A", "OUTPUT", "-d", address(peer), "-j", "DROP"));
    }
  }

  /** Removes every rule in {@code node}'s namespace. */
  void heal(int node) {
    must(List.of("ip", "netns", "exec", namespace(node), "iptables", "-F"));
  }

  @Override
  public void close() {
    for (int i = 1; i <= nodes; i++) {
      run(List.of("ip", "netns", "del", namespace(i)));
    }
    run(List.of("ip", "netns", "del", hub()));
  }

  private String hub() {
    return prefix + "-hub";
  }

  /** Deletes namespaces left by test JVMs that died before their clean-up ran. */
  private static void removeStale() {
    for (String line : run(List.of("ip", "netns", "list")).output().split("\n")) {
      String name = line.trim().split(" ")[0];
      Matcher m = OURS.matcher(name);
      if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).filter(ProcessHandle::isAlive).isEmpty()) {
        run(List.of("ip", "netns", "del", name));
      }
    }
  }

  private record Result(int exit, String output) {}

  private static void must(List<String> command) {
    Result r = run(command);
    if (r.exit() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exit() + "): " + r.output().trim());
    }
  }

  private static Result run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, out + " (timed out)");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
