/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores for a TLS cluster, made with {@code keytool} at test time in a temporary
 * directory (nothing is committed). A test CA signs the member certificate; the members trust
 * only that CA. The intruder has a certificate of its own, signed by nobody the members trust,
 * and trusts the members' CA: so the only thing that can keep it out is the members checking the
 * connecting side's certificate, which is what {@code require-mutual-authentication} does.
 *
 * @param member what a cluster member runs with
 * @param intruder what a node with an untrusted certificate runs with
 */
record TlsStores(NodeOptions.Tls member, NodeOptions.Tls intruder) {

  /** Generates everything in {@code dir}: EC P-256 keys, valid for two days. */
  static TlsStores generate(Path dir) {
    String password = UUID.randomUUID().toString();
    Path ca = dir.resolve("ca.p12");
    Path caPem = dir.resolve("ca.pem");
    Path member = dir.resolve("member.p12");
    Path trust = dir.resolve("trust.p12");
    Path intruder = dir.resolve("intruder.p12");
    Path intruderTrust = dir.resolve("intruder-trust.p12");

    keypair(ca, "ca", "CN=pekko-mcp test CA", password, "-ext", "bc:c");
    keytool(password, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());

    keypair(member, "member", "CN=pekko-mcp member", password);
    Path csr = dir.resolve("member.csr");
    Path signed = dir.resolve("member.pem");
    keytool(password, "-certreq", "-alias", "member", "-keystore", member.toString(), "-file", csr.toString());
    keytool(password, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-validity", "2",
        "-infile", csr.toString(), "-outfile", signed.toString());
    importCert(member, "ca", caPem, password);
    importCert(member, "member", signed, password);
    importCert(trust, "ca", caPem, password);

    keypair(intruder, "intruder", "CN=pekko-mcp intruder", password);
    importCert(intruderTrust, "ca", caPem, password);

    return new TlsStores(new NodeOptions.Tls(member, trust, password), new NodeOptions.Tls(intruder, intruderTrust, password));
  }

  private static void keypair(Path store, String alias, String dname, String password, String... extra) {
    List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-dname", dname, "-keyalg", "EC",
        "-groupname", "secp256r1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString()));
    args.addAll(List.of(extra));
    keytool(password, args.toArray(String[]::new));
  }

  private static void importCert(Path store, String alias, Path pem, String password) {
    keytool(password, "-importcert", "-noprompt", "-alias", alias, "-file", pem.toString(),
        "-storetype", "PKCS12", "-keystore", store.toString());
  }

  private static void keytool(String password, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    // PKCS12 keeps its keys under the store password, so one password opens everything.
    command.addAll(List.of("-storepass", password));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + out.trim());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
