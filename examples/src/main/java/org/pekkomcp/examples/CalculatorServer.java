/*
 * Copyright 2026 The pekko-mcp authors
 * SPDX-License-Identifier: Apache-2.0
 */
package org.pekkomcp.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.BinaryOperator;
import org.pekkomcp.mcp.jsonrpc.JsonRpcCodec;
import org.pekkomcp.mcp.server.ServerDefinition;
import org.pekkomcp.mcp.server.Tool;
import org.pekkomcp.mcp.server.ToolResult;

/**
 * The example calculator: an MCP server with tools only. {@code add}, {@code subtract},
 * {@code multiply} and {@code divide} take two numbers and answer with text and structured
 * content; dividing by zero is a failed tool call ({@code isError}), not a protocol error.
 * {@code where} names the cluster node the server runs on, which is what makes routing across
 * nodes visible to a client.
 *
 * <p>Arithmetic is on {@link BigDecimal} so that {@code 0.1 + 0.2} is {@code 0.3}: a model reads
 * the text, and binary-float noise there would be a wrong answer.
 */
public final class CalculatorServer {

  public static final String NAME = "calculator";

  private CalculatorServer() {}

  /** @param node the address of the node this server is started on, reported by {@code where} */
  public static ServerDefinition definition(String node) {
    return ServerDefinition.of(NAME, "1.0.0")
        .withInstructions("Arithmetic on two numbers. Use `where` to see which cluster node answered.")
        .withTool(binary("add", "a + b", "+", BigDecimal::add))
        .withTool(binary("subtract", "a - b", "-", BigDecimal::subtract))
        .withTool(binary("multiply", "a * b", "*", BigDecimal::multiply))
        .withTool(Tool.of("divide", "a / b; dividing by zero fails", ObjectSchemas.required("number", "a", "b"), call -> {
          BigDecimal b = call.arguments().get("b").decimalValue();
          if (b.signum() == 0) {
            return CompletableFuture.completedFuture(ToolResult.error("division by zero"));
          }
          return CompletableFuture.completedFuture(
              answer(call.arguments().get("a").decimalValue(), "/", b, (x, y) -> x.divide(y, MathContext.DECIMAL64)));
        }))
        .withTool(Tool.of("where", "The cluster node this calculator runs on", Tool.emptySchema(),
            call -> CompletableFuture.completedFuture(ToolResult.text(NAME + " runs on " + node))));
  }

  private static Tool binary(String name, String description, String symbol, BinaryOperator<BigDecimal> op) {
    return Tool.of(name, description, ObjectSchemas.required("number", "a", "b"), call -> CompletableFuture.completedFuture(
        answer(call.arguments().get("a").decimalValue(), symbol, call.arguments().get("b").decimalValue(), op)));
  }

  private static ToolResult answer(BigDecimal a, String symbol, BigDecimal b, BinaryOperator<BigDecimal> op) {
    BigDecimal result = op.apply(a, b).stripTrailingZeros();
    ObjectNode structured = JsonRpcCodec.object();
    structured.put("result", result);
    return ToolResult.text(a.toPlainString() + " " + symbol + " " + b.toPlainString() + " = " + result.toPlainString())
        .withStructuredContent(structured);
  }
}
