/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry;

import java.util.Optional;

/** The rules for entry and group names; one place so every backend rejects the same input. */
public final class Names {

  /** The longest name, in chars. */
  public static final int MAX_LENGTH = 256;

  private Names() {}

  /** Why {@code name} is not acceptable, or empty when it is. */
  public static Optional<String> problem(String what, String name) {
    if (name == null) {
      return Optional.of(what + " must not be null");
    }
    if (name.isBlank()) {
      return Optional.of(what + " must not be blank");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of(what + " is " + name.length() + " chars, the limit is " + MAX_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return Optional.of(what + " contains a control character at index " + i);
      }
    }
    return Optional.empty();
  }
}
