package org.pekkomcp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three node JVMs started with the environment that {@code deploy/kubernetes/statefulset.yaml}
 * gives its pods, read from the manifest itself, with loopback addresses in place of the pods'
 * DNS names ({@code mcp-N.mcp-headless} is 127.0.0.N+1) and free ports in place of 25520 and
 * 8080. Pods 1 and 2 start first, as when pod 0 is late: they must wait for it rather than form a
 * cluster of their own, and then all three are one cluster.
 */
class KubernetesFormationTest {

  private static final Path MANIFEST = Path.of("..", "deploy", "kubernetes", "statefulset.yaml");
  private static final Pattern ENV_ENTRY = Pattern.compile("- name: (\\w+)\\n\\s+value: \"([^\"]*)\"");
  private static final Pattern MEMBER_UP = Pattern.compile("^cluster: member up (\\S+)$");

  @Test
  void podsStartedWithTheManifestsEnvironmentWaitForTheFirstSeedAndFormOneCluster() throws Exception {
    Map<String, String> podEnvironment = manifestEnvironment();
    assertTrue(podEnvironment.containsKey("MCP_JOIN"), "the manifest gives the seed nodes: " + podEnvironment);
    int clusterPort = portFreeOnEveryPod();
    int httpPort = portFreeOnEveryPod();
    List<NodeProcess> pods = new ArrayList<>();
    try {
      for (int pod : new int[] {1, 2, 0}) {
        if (pod == 0) {
          for (NodeProcess started : pods) {
            started.awaitAddress(); // pods 1 and 2 run before pod 0 starts
          }
        }
        pods.add(NodeProcess.start("mcp-" + pod, List.of("-Dconfig.override_with_env_vars=true"),
            forPod(podEnvironment, pod, clusterPort, httpPort), System.out::println));
      }
      Set<String> everyPod = new TreeSet<>();
      for (int pod = 0; pod < 3; pod++) {
        everyPod.add("pekko://mcp@" + loopback(pod) + ":" + clusterPort);
      }
      String podZero = "pekko://mcp@" + loopback(0) + ":" + clusterPort;
      for (NodeProcess pod : pods) {
        List<String> seen = new ArrayList<>();
        while (seen.size() < everyPod.size()) {
          Matcher up = MEMBER_UP.matcher(pod.await(l -> MEMBER_UP.matcher(l).matches(), "member up line"));
          up.matches();
          seen.add(up.group(1));
        }
        assertEquals(everyPod, new TreeSet<>(seen), pod.label() + " is in the cluster of all three pods");
        assertEquals(podZero, seen.get(0), pod.label() + " first sees the first seed Up: it formed no cluster of its own");
      }
    } finally {
      for (NodeProcess pod : pods) {
        pod.kill();
      }
    }
  }

  /** The literal {@code name}/{@code value} entries of the manifest's container environment. */
  private static Map<String, String> manifestEnvironment() throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    Matcher entry = ENV_ENTRY.matcher(Files.readString(MANIFEST));
    while (entry.find()) {
      environment.put(entry.group(1), entry.group(2));
    }
    return environment;
  }

  /** The manifest's environment as pod {@code pod} gets it, on loopback addresses and the given ports. */
  private static Map<String, String> forPod(Map<String, String> manifest, int pod, int clusterPort, int httpPort) {
    Map<String, String> environment = new HashMap<>();
    manifest.forEach((name, value) -> {
      String local = value.replace("$(POD_NAME).mcp-headless", loopback(pod)).replace("0.0.0.0", loopback(pod))
          .replace("25520", String.valueOf(clusterPort)).replace("8080", String.valueOf(httpPort));
      for (int other = 0; other < 3; other++) {
        local = local.replace("mcp-" + other + ".mcp-headless", loopback(other));
      }
      environment.put(name, local);
    });
    return environment;
  }

  /** Pod {@code pod}'s address: each pod has one of its own, as in Kubernetes, so all use the same ports. */
  private static String loopback(int pod) {
    return "127.0.0." + (pod + 1);
  }

  private static int portFreeOnEveryPod() throws IOException {
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
