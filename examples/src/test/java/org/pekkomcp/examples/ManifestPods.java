/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pods of {@code deploy/kubernetes/statefulset.yaml} as local processes: the container
 * environment read from the manifest, with a loopback address per pod in place of its DNS name
 * ({@code mcp-N.mcp-headless} is 127.0.0.N+1) and ports free on every pod in place of the
 * manifest's.
 */
final class ManifestPods {

  private static final Path MANIFEST = Path.of("..", "deploy", "kubernetes", "statefulset.yaml");
  private static final Pattern ENV_ENTRY = Pattern.compile("- name: (\\w+)\\n\\s+value: \"([^\"]*)\"");

  private ManifestPods() {}

  /** The literal {@code name}/{@code value} entries of the manifest's container environment. */
  static Map<String, String> environment() throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    Matcher entry = ENV_ENTRY.matcher(Files.readString(MANIFEST));
    while (entry.find()) {
      environment.put(entry.group(1), entry.group(2));
    }
    return environment;
  }

  /** The manifest's environment as pod {@code pod} gets it, with each port of {@code ports} (manifest to local) replaced. */
  static Map<String, String> forPod(Map<String, String> manifest, int pod, Map<Integer, Integer> ports) {
    Map<String, String> environment = new HashMap<>();
    manifest.forEach((name, value) -> {
      String local = value.replace("$(POD_NAME).mcp-headless", loopback(pod)).replace("0.0.0.0", loopback(pod));
      for (Map.Entry<Integer, Integer> port : ports.entrySet()) {
        local = local.replace(String.valueOf(port.getKey()), String.valueOf(port.getValue()));
      }
      for (int other = 0; other < 3; other++) {
        local = local.replace("mcp-" + other + ".mcp-headless", loopback(other));
      }
      environment.put(name, local);
    });
    return environment;
  }

  /** Pod {@code pod}'s address: each pod has one of its own, as in Kubernetes, so all use the same ports. */
  static String loopback(int pod) {
    return "127.0.0." + (pod + 1);
  }

  static int portFreeOnEveryPod() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName(loopback(0)))) {
        port = probe.getLocalPort();
      }
      if (freeOn(loopback(1), port) && freeOn(loopback(2), port)) {
        return port;
      }
    }
    throw new IllegalStateException("no port free on all three loopback addresses");
  }

  private static boolean freeOn(String host, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
