/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.management;

/**
 * Why a health check failed, in words for the operator: Pekko Management puts the message in the
 * probe's response body and its log. Expected, so it carries no stack trace.
 */
final class NotReady extends RuntimeException {

  NotReady(String reason) {
    super(reason, null, false, false);
  }
}
