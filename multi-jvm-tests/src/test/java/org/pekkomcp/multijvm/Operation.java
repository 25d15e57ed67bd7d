/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

/**
 * One client operation of the churn test as it was sent and answered.
 *
 * @param start when it was sent (ms, wall clock)
 * @param end when the answer came
 * @param node the address of the node it was sent to
 * @param op register, unregister, update, whereis or stop
 * @param name the registry name (empty for stop)
 * @param ref the client's actor: the one registered, unregistered, updated or stopped
 * @param outcome the answer's outcome (Registered, NotFound, found, missing, ...), or
 *     {@code error} when no answer came (the node died or the call timed out)
 * @param entryRef the ref in the answer's entry (the holder, for AlreadyRegistered), or empty
 * @param config the config sent (register, update), or empty
 */
record Operation(
    long start, long end, String node, String op, String name, String ref, String outcome, String entryRef,
    String config) {

  static final String ERROR = "error";

  boolean is(String operation, String answer) {
    return op.equals(operation) && outcome.equals(answer);
  }
}
