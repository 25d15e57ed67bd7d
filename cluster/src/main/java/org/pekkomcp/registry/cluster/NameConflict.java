/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.registry.cluster;

import org.pekkomcp.registry.Kind;
import org.pekkomcp.registry.Registration;

/**
 * Sent to an actor whose name was taken away because another node's claim on it won a conflict.
 * The actor's protocol may include this record to react (re-register under another name, shut
 * down cleanly); an actor that does not handle it just logs it as unhandled.
 */
public record NameConflict(Kind kind, String name, Registration winner) implements WireMessage {}
