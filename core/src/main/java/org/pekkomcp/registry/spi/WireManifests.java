/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.spi;

import java.io.NotSerializableException;

/**
 * The rule every pekko-mcp serializer follows for its manifests: a one-letter type and the
 * version of that message's format ({@code "C1"}). A node reads every version up to its own and a
 * manifest without a version as version 1 (the format before versions were written, the same
 * bytes); it refuses a newer version with a message that says so. During a rolling upgrade
 * across a format change, Artery then logs and drops what an older node cannot read instead of
 * misreading it.
 */
public final class WireManifests {

  private WireManifests() {}

  /** The manifest of a message of {@code type} written in format {@code version}. */
  public static String of(String type, int version) {
    if (type.length() != 1) {
      throw new IllegalArgumentException("a manifest type is one character, got \"" + type + "\"");
    }
    return type + version;
  }

  /**
   * The type of {@code manifest} when its version is one a serializer that writes version
   * {@code newest} can read; otherwise a {@link NotSerializableException} naming
   * {@code serializer} and, for a newer version, saying that a later version of the library
   * wrote it.
   */
  public static String readableType(String manifest, int newest, String serializer) throws NotSerializableException {
    if (manifest.isEmpty()) {
      throw new NotSerializableException("empty manifest for " + serializer);
    }
    String version = manifest.substring(1);
    if (version.isEmpty()) {
      return manifest;
    }
    int v;
    try {
      v = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      v = 0;
    }
    if (v < 1) {
      throw new NotSerializableException("unknown manifest \"" + manifest + "\" for " + serializer);
    }
    if (v > newest) {
      throw new NotSerializableException("manifest \"" + manifest + "\" for " + serializer
          + " is of wire format version " + v + ", newer than this node's " + newest
          + ": a node of a later pekko-mcp version sent it");
    }
    return manifest.substring(0, 1);
  }
}
