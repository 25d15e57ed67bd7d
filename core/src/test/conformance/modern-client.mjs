// A modern MCP client: the TypeScript SDK v2 pinned to protocol revision 2026-07-28, so it sends
// stateless requests (no initialize, no session). Each HTTP request goes to the next endpoint of
// the list in turn, so one client's requests are spread over every node.
// Usage: node modern-client.mjs TOOL COUNT URL...   Prints one JSON line: the texts of the results.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [tool, count, ...urls] = process.argv.slice(2);
let next = 0;
const spread = (input, init) => fetch(urls[next++ % urls.length], init);

const client = new Client({ name: 'pekko-mcp-modern-client', version: '1.0.0' },
  { versionNegotiation: { mode: { pin: '2026-07-28' } } });
await client.connect(new StreamableHTTPClientTransport(new URL(urls[0]), { fetch: spread }));
const texts = [];
for (let i = 0; i < Number(count); i++) {
  const result = await client.callTool({ name: tool, arguments: { a: i, b: 1 } });
  texts.push(result.content[0].text);
}
console.log(JSON.stringify({ texts, requests: next }));
await client.close();
