// awscompat's driver for the AWS SDK for JavaScript v3 (awscompat.engine.jsdriver runs it).
//
// Contract: a long-lived process. argv[2] is the folder whose node_modules hold the pinned
// @aws-sdk/client-* packages (scripts/install-providers.sh --only js-sdk). stdin carries one JSON
// object per line; stdout answers one JSON object per line, in any order, matched by `id`:
//   {"id": 0, "hello": true}
//       -> {"id": 0, "versions": {"@aws-sdk/client-s3": "3.x", ...}, "node": "v20..."}
//   {"id": N, "service": "s3", "operation": "PutObject", "params": {...},
//    "config": {"region", "endpoint", "credentials": {accessKeyId, secretAccessKey, sessionToken},
//               "forcePathStyle", "requestChecksumCalculation", "responseChecksumValidation",
//               "unsigned": true for an anonymous (unsigned) request},
//    "timeout": seconds}
//       -> {"id": N, "request": {method, url, headers, body_len, body_sha256, body_prefix (base64),
//                                streamed}, "response": {status, headers, body (base64)},
//           "sdk_error": "what the SDK raised after the answer, if anything"}
//       or {"id": N, "fault": {"kind": "not-sendable" | "connection" | "reset" | "truncated" | "timeout",
//                              "message": "...", "request": {...}}}  (reset: closed before any answer;
//                              truncated: closed after the answer's head)
// Params are the AWS shapes as botocore and the JS SDK both name them; typed values come tagged:
// {"$bytes": base64} -> Uint8Array, {"$stream": base64} -> a Readable (the SDK streams it, e.g.
// aws-chunked with a trailing checksum), {"$date": ISO 8601} -> Date. The SDK sends each
// command once (maxAttempts 1): retries are the engine's. The driver never judges an answer.
"use strict";

const crypto = require("node:crypto");
const path = require("node:path");
const readline = require("node:readline");
const { PassThrough, Readable } = require("node:stream");

const MODULES = path.resolve(process.argv[2] || ".");
const PACKAGES = {
  secretsmanager: "@aws-sdk/client-secrets-manager",
};
const PREFIX = 64 * 1024; // request body bytes kept as evidence

function load(name) {
  return require(require.resolve(name, { paths: [MODULES] }));
}

const { NodeHttpHandler } = load("@smithy/node-http-handler");

class CapturingHandler {
  // Sends with the SDK's own Node handler; records the request as handed to it (signed, with
  // every header the SDK set) and the whole answer, and hands the SDK a replayable body.
  constructor() {
    this.inner = new NodeHttpHandler({ connectionTimeout: 10000 });
    this.metadata = { handlerProtocol: "http/1.1" };
  }

  async handle(request, options = {}) {
    const slot = options.capture || {};
    const sent = {
      method: request.method,
      url: urlOf(request),
      headers: { ...request.headers },
      body_len: 0,
      streamed: false,
    };
    slot.request = sent;
    const hash = crypto.createHash("sha256");
    const kept = [];
    let keptLen = 0;
    const keep = (chunk) => {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      hash.update(buf);
      sent.body_len += buf.length;
      if (keptLen < PREFIX) {
        kept.push(buf.subarray(0, PREFIX - keptLen));
        keptLen += Math.min(buf.length, PREFIX - keptLen);
      }
    };
    const finish = () => {
      sent.body_sha256 = hash.digest("hex");
      sent.body_prefix = Buffer.concat(kept).toString("base64");
    };
    const body = request.body;
    if (body && typeof body.pipe === "function") {
      sent.streamed = true;
      const tee = new PassThrough();
      tee.on("data", keep);
      body.on("error", (err) => tee.destroy(err));
      body.pipe(tee);
      const copy = new PassThrough();
      tee.pipe(copy);
      request.body = copy;
      copy.on("end", finish);
    } else {
      if (body !== undefined && body !== null) keep(typeof body === "string" ? Buffer.from(body) : body);
      finish();
    }
    const { response } = await this.inner.handle(request, options);
    slot.begun = true; // the answer's head arrived: a failure from here on cuts the answer short
    const chunks = [];
    if (response.body && typeof response.body[Symbol.asyncIterator] === "function") {
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
    }
    const data = Buffer.concat(chunks);
    slot.response = { status: response.statusCode, headers: { ...response.headers }, body: data.toString("base64") };
    response.body = Readable.from(data.length ? [data] : []);
    return { response };
  }

  updateHttpClientConfig() {}

  httpHandlerConfigs() {
    return {};
  }

  destroy() {
    this.inner.destroy();
  }
}

function urlOf(request) {
  const port = request.port ? `:${request.port}` : "";
  const query = Object.entries(request.query || {})
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))
    .map(([k, v]) => (v === null || v === undefined ? enc(k) : `${enc(k)}=${enc(v)}`))
    .join("&");
  return `${request.protocol}//${request.hostname}${port}${request.path}${query ? "?" + query : ""}`;
}

function enc(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === "object") {
    if ("$bytes" in value) return new Uint8Array(Buffer.from(value.$bytes, "base64"));
    if ("$stream" in value) {
      const data = Buffer.from(value.$stream, "base64");
      return Readable.from(data.length ? [data] : []);
    }
    if ("$date" in value) return new Date(value.$date);
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = decode(v);
    return out;
  }
  return value;
}

const modules = new Map();
const clients = new Map();

function packageOf(service) {
  return PACKAGES[service] || `@aws-sdk/client-${service}`;
}

function moduleFor(service) {
  if (!modules.has(service)) modules.set(service, load(packageOf(service)));
  return modules.get(service);
}

function clientFor(service, config) {
  const key = service + " " + JSON.stringify(config);
  let client = clients.get(key);
  if (!client) {
    const mod = moduleFor(service);
    const Client = mod[Object.keys(mod).find((k) => k.endsWith("Client") && k !== "__Client")];
    const { unsigned, ...settings } = config;
    if (unsigned) {
      // an anonymous request, as the JS SDK's documentation shows it: a signer that does not sign
      settings.signer = { sign: async (request) => request };
    }
    client = new Client({ ...settings, maxAttempts: 1, requestHandler: new CapturingHandler() });
    clients.set(key, client);
  }
  return client;
}

async function execute(msg) {
  let mod;
  try {
    mod = moduleFor(msg.service);
  } catch (err) {
    return { fault: { kind: "not-sendable", message: `no JS SDK package ${packageOf(msg.service)} installed` } };
  }
  const Command = mod[`${msg.operation}Command`];
  if (!Command) {
    return { fault: { kind: "not-sendable", message: `the JS SDK has no ${msg.operation}Command` } };
  }
  const slot = {};
  const timeout = Math.round((msg.timeout || 30) * 1000);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeout);
  let sdkError = null;
  try {
    const client = clientFor(msg.service, msg.config || {});
    const out = await client.send(new Command(decode(msg.params || {})), {
      capture: slot, requestTimeout: timeout, abortSignal: abort.signal,
    });
    if (out && out.Body && typeof out.Body.transformToByteArray === "function") {
      await out.Body.transformToByteArray(); // drain (the bytes are in slot.response already)
    }
  } catch (err) {
    sdkError = err;
  } finally {
    clearTimeout(timer);
  }
  if (slot.response) {
    const answer = { request: slot.request, response: slot.response };
    if (sdkError) answer.sdk_error = describe(sdkError);
    return answer;
  }
  const message = describe(sdkError);
  if (!slot.request) return { fault: { kind: "not-sendable", message: `the JS SDK refuses to build this request: ${message}` } };
  const code = (sdkError && sdkError.code) || "";
  // (the SDK names ECONNRESET and EPIPE "TimeoutError" too, to retry them: the code decides first)
  let kind = "connection";
  if (abort.signal.aborted || code === "ETIMEDOUT") kind = "timeout";
  else if (slot.begun) kind = "truncated";
  else if (code === "ECONNRESET" || code === "EPIPE" || /socket hang up/i.test(message)) kind = "reset";
  else if (sdkError && sdkError.name === "TimeoutError") kind = "timeout";
  return { fault: { kind, message, request: slot.request } };
}

function describe(err) {
  if (!err) return "no answer";
  const code = err.code ? ` (${err.code})` : "";
  return `${err.name}${code}: ${String(err.message).split("\n")[0]}`;
}

function versions() {
  const out = {};
  for (const name of ["@aws-sdk/client-s3", "@aws-sdk/client-sqs", "@aws-sdk/client-dynamodb",
    "@aws-sdk/client-sns", "@aws-sdk/client-kms", "@aws-sdk/client-iam", "@aws-sdk/client-sts",
    "@aws-sdk/client-secrets-manager", "@aws-sdk/client-kinesis", "@aws-sdk/client-ec2"]) {
    try {
      out[name] = load(`${name}/package.json`).version;
    } catch (err) {
      // not installed: that service's cases skip
    }
  }
  return out;
}

function reply(id, body) {
  process.stdout.write(JSON.stringify({ id, ...body }) + "\n");
}

let pending = 0;
let closed = false;
const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) return;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (err) {
    reply(null, { fault: { kind: "protocol", message: "not JSON" } });
    return;
  }
  if (msg.hello) {
    reply(msg.id, { versions: versions(), node: process.version });
    return;
  }
  pending += 1;
  execute(msg).then(
    (out) => reply(msg.id, out),
    (err) => reply(msg.id, { fault: { kind: "connection", message: String(err && err.stack || err) } }),
  ).finally(() => {
    pending -= 1;
    if (closed && !pending) process.exit(0);
  });
});
lines.on("close", () => {
  closed = true;
  if (!pending) process.exit(0);
});
