/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.multijvm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.pekkomcp.registry.Outcome;
import org.pekkomcp.registry.Registration;
import org.pekkomcp.registry.RegistryEvent;

/**
 * The JSON shapes a test node answers with. A ref is written with its node's address
 * ({@code pekko://mcp@127.0.0.1:40123/system/test-a}) so that dumps from different nodes
 * compare equal when they name the same actor.
 */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String ref(ActorRef<?> ref, Address self) {
    return ref.path().toSerializationFormatWithAddress(self);
  }

  static ObjectNode registration(Registration r, Address self) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("kind", r.kind().name());
    o.put("name", r.name());
    o.put("ref", ref(r.ref(), self));
    o.put("node", r.node().toString());
    o.set("config", r.config().json());
    return o;
  }

  /** {@code {"outcome": "Registered", "entry": {...}}} and the like, one shape per outcome. */
  static ObjectNode outcome(Outcome outcome, Address self) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("outcome", outcome.getClass().getSimpleName());
    if (outcome instanceof Outcome.Registered x) {
      o.set("entry", registration(x.registration(), self));
    } else if (outcome instanceof Outcome.AlreadyRegistered x) {
      o.set("entry", registration(x.existing(), self));
    } else if (outcome instanceof Outcome.Unregistered x) {
      o.set("entry", registration(x.removed(), self));
    } else if (outcome instanceof Outcome.Updated x) {
      o.set("entry", registration(x.registration(), self));
    } else if (outcome instanceof Outcome.NotOwner x) {
      o.set("entry", registration(x.existing(), self));
    } else if (outcome instanceof Outcome.NotFound x) {
      o.put("kind", x.kind().name()).put("name", x.name());
    } else if (outcome instanceof Outcome.Joined x) {
      o.put("group", x.group()).put("ref", ref(x.ref(), self));
    } else if (outcome instanceof Outcome.Left x) {
      o.put("group", x.group()).put("ref", ref(x.ref(), self));
    } else if (outcome instanceof Outcome.NotMember x) {
      o.put("group", x.group()).put("ref", ref(x.ref(), self));
    } else if (outcome instanceof Outcome.Rejected x) {
      o.put("reason", x.reason());
    }
    return o;
  }

  /** Writes a registry event's fields into {@code o} (its type is already there). */
  static void event(RegistryEvent event, Address self, ObjectNode o) {
    if (event instanceof RegistryEvent.Registered x) {
      o.set("entry", registration(x.registration(), self));
    } else if (event instanceof RegistryEvent.Unregistered x) {
      o.set("entry", registration(x.registration(), self));
      o.put("reason", x.reason().name());
    } else if (event instanceof RegistryEvent.Updated x) {
      o.set("previous", registration(x.previous(), self));
      o.set("entry", registration(x.current(), self));
    } else if (event instanceof RegistryEvent.Conflict x) {
      o.set("winner", registration(x.winner(), self));
      o.set("loser", registration(x.loser(), self));
    } else if (event instanceof RegistryEvent.Joined x) {
      o.put("group", x.group()).put("ref", ref(x.ref(), self));
    } else if (event instanceof RegistryEvent.Left x) {
      o.put("group", x.group()).put("ref", ref(x.ref(), self));
    }
  }
}
