/**
 * JSON-RPC 2.0 as MCP uses it: messages as records and the codec that reads and writes them, with
 * the error codes of the specification. No MCP semantics here.
 */
package org.pekkomcp.mcp.jsonrpc;
