/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.architecture.internal;

/** A package-private class inside an internal package, which {@code PublicApiTest}'s rule allows. */
final class Helper {}
