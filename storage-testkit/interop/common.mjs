// Shared plumbing of the interop clients: one JSON request on stdin, one JSON answer on stdout.
// A request is {"connection": {...}, "ops": [{"op": "put" | "get" | "list", ...}]}; the answer is
// {"results": [...]}, one result per operation, {"error": "...", "status": n} for an operation that failed,
// so a test can assert on a refusal as well as on a success.

export async function readRequest() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function run(connect, operations) {
  let request;
  try {
    request = await readRequest();
  } catch (e) {
    process.stderr.write(`bad request: ${e.message}\n`);
    process.exit(2);
  }
  const client = connect(request.connection);
  const results = [];
  for (const op of request.ops) {
    const handler = operations[op.op];
    if (!handler) {
      results.push({ error: `unknown operation '${op.op}'` });
      continue;
    }
    try {
      results.push(await handler(client, op));
    } catch (e) {
      // Only the service's own status and message: never the request, which holds credentials.
      results.push({ error: String(e.message || e).split('\n')[0],
        status: e.statusCode ?? e.$metadata?.httpStatusCode ?? null,
        code: e.code ?? e.name ?? null });
    }
  }
  process.stdout.write(JSON.stringify({ results }));
}

export async function drain(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
