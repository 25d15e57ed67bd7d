/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.server.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.pekkomcp.mcp.server.McpServer;
import org.pekkomcp.mcp.server.McpWireMessage;
import org.pekkomcp.mcp.server.ToClient;
import org.pekkomcp.registry.spi.WireManifests;

/**
 * The compact serializer of the {@link McpWireMessage}s that cross nodes: length-prefixed UTF-8
 * strings and actor refs in their serialization format, one letter of manifest per type. The
 * JSON payload is carried as text: the text the peer sent when there is one, never re-encoded.
 *
 * <p>Internal API: public because reference.conf binds it by class name.
 */
public final class McpWireSerializer extends SerializerWithStringManifest {

  /** Unique among the system's serializers (Pekko reserves 0-40). */
  public static final int IDENTIFIER = 734_001;

  private static final String FROM_CLIENT = "F";
  private static final String RESPONSE = "R";
  private static final String NOTIFICATION = "N";
  /** The version of the format this node writes, and the newest it reads ({@link WireManifests}). */
  static final int FORMAT_VERSION = 1;

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;

  public McpWireSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof McpServer.FromClient) {
      return WireManifests.of(FROM_CLIENT, FORMAT_VERSION);
    }
    if (o instanceof ToClient.Response) {
      return WireManifests.of(RESPONSE, FORMAT_VERSION);
    }
    if (o instanceof ToClient.Notification) {
      return WireManifests.of(NOTIFICATION, FORMAT_VERSION);
    }
    throw new IllegalArgumentException("not an MCP wire message: " + o.getClass().getName());
  }

  @Override
  public byte[] toBinary(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (o instanceof McpServer.FromClient m) {
        write(out, m.sessionId());
        write(out, resolver().toSerializationFormat(m.replyTo()));
        write(out, m.message().text());
      } else if (o instanceof ToClient.Response m) {
        write(out, m.sessionId());
        write(out, m.requestId());
        write(out, m.json());
      } else if (o instanceof ToClient.Notification m) {
        write(out, m.sessionId());
        out.writeBoolean(m.relatedRequestId().isPresent());
        if (m.relatedRequestId().isPresent()) {
          write(out, m.relatedRequestId().get());
        }
        write(out, m.json());
      } else {
        throw new IllegalArgumentException("not an MCP wire message: " + o.getClass().getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    String type = WireManifests.readableType(manifest, FORMAT_VERSION, getClass().getName());
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      switch (type) {
        case FROM_CLIENT: {
          String sessionId = read(in);
          ActorRef<ToClient> replyTo = resolver().resolveActorRef(read(in));
          return new McpServer.FromClient(sessionId, read(in), replyTo);
        }
        case RESPONSE:
          return new ToClient.Response(read(in), read(in), read(in));
        case NOTIFICATION: {
          String sessionId = read(in);
          Optional<String> related = in.readBoolean() ? Optional.of(read(in)) : Optional.empty();
          return new ToClient.Notification(sessionId, related, read(in));
        }
        default:
          throw new NotSerializableException("unknown MCP wire manifest " + manifest);
      }
    } catch (IOException e) {
      NotSerializableException failure = new NotSerializableException("corrupt MCP wire message (" + manifest + ")");
      failure.initCause(e);
      throw failure;
    }
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }

  private static void write(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String read(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("bad string length " + length);
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
