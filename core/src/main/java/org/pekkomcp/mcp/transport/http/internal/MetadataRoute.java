/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.mcp.transport.http.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.pekkomcp.mcp.transport.http.auth.ResourceServer;

/**
 * Serves the OAuth protected resource metadata (RFC 9728) in front of the MCP endpoint: a
 * {@code GET} of one of {@link ResourceServer#metadataAt}'s paths gets the document, anything else
 * goes on to the endpoint. The documents are public (they say where to get a token, not what it
 * unlocks), so they pass no token check and any web origin may read them.
 */
public final class MetadataRoute implements Function<HttpRequest, CompletionStage<HttpResponse>> {

  private final ResourceServer resource;
  private final Function<HttpRequest, CompletionStage<HttpResponse>> endpoint;
  private final Materializer materializer;

  public MetadataRoute(ResourceServer resource, Function<HttpRequest, CompletionStage<HttpResponse>> endpoint,
      Materializer materializer) {
    this.resource = resource;
    this.endpoint = endpoint;
    this.materializer = materializer;
  }

  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) throws Exception {
    Optional<String> document = request.method().equals(HttpMethods.GET)
        ? resource.metadataAt(request.getUri().path()) : Optional.empty();
    if (document.isEmpty()) {
      return endpoint.apply(request);
    }
    request.discardEntityBytes(materializer);
    return CompletableFuture.completedFuture(HttpResponses.json(StatusCodes.OK, document.get())
        .addHeader(RawHeader.create("Access-Control-Allow-Origin", "*")));
  }
}
