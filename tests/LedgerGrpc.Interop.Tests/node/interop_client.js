'use strict';
/*
 * gRPC interop client cases (grpc/grpc doc/interop-test-descriptions.md) on @grpc/grpc-js, the
 * non-auth ones. Arguments as the spec names them:
 *   node interop_client.js --server_host=127.0.0.1 --server_port=PORT --test_case=NAME
 * Prints "PASS <case>" and exits 0, or prints what was expected and what came, and exits 1.
 * The protos are the repository's protos/grpc/testing (copied from the official ones).
 */
const assert = require('node:assert/strict');
const path = require('node:path');
const { inspect, parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const { values: args } = parseArgs({
  options: {
    server_host: { type: 'string', default: '127.0.0.1' },
    server_port: { type: 'string' },
    test_case: { type: 'string' },
    use_tls: { type: 'string', default: 'false' },
  },
  strict: false,
});
if (!args.server_port || !args.test_case) {
  console.error('usage: node interop_client.js --server_host=HOST --server_port=PORT --test_case=NAME');
  process.exit(2);
}
if (args.use_tls !== 'false') {
  console.error('only plaintext (--use_tls=false) is supported: the test server is h2c');
  process.exit(2);
}

const protoRoot = path.resolve(__dirname, '..', '..', '..', 'protos');
const definition = protoLoader.loadSync('grpc/testing/test.proto', {
  includeDirs: [protoRoot],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const testing = grpc.loadPackageDefinition(definition).grpc.testing;
const target = `${args.server_host}:${args.server_port}`;
const GZIP = 2; // grpc-js CompressionAlgorithms: identity 0, deflate 1, gzip 2

function newClient(service, options = {}) {
  return new service(target, grpc.credentials.createInsecure(), options);
}

const client = newClient(testing.TestService);
const SPECIAL_MESSAGE = '\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \u{1f608}\t\n';
const ECHO_INITIAL = 'x-grpc-test-echo-initial';
const ECHO_TRAILING = 'x-grpc-test-echo-trailing-bin';

const zeros = (n) => ({ body: Buffer.alloc(n) });
const deadline = (ms = 30000) => ({ deadline: Date.now() + ms });

/** A unary call as a promise of { response, metadata (initial), status }. */
function unary(method, request, metadata = new grpc.Metadata(), options = deadline(), on = client) {
  return new Promise((resolve, reject) => {
    let initial;
    const call = on[method](request, metadata, options, (error, response) => {
      call.on('status', (status) => (error ? reject(error) : resolve({ response, metadata: initial, status })));
    });
    call.on('metadata', (m) => { initial = m; });
  });
}

/** Collects a streaming call's responses; resolves with { responses, metadata, status } or rejects with the error. */
function collect(call) {
  return new Promise((resolve, reject) => {
    const responses = [];
    let initial;
    let error;
    call.on('metadata', (m) => { initial = m; });
    call.on('data', (r) => responses.push(r));
    call.on('error', (e) => { error = e; });
    call.on('status', (status) => (error ? reject(error) : resolve({ responses, metadata: initial, status })));
  });
}

/** Expects the promise to fail with the given status code (and details, when given); returns the error. */
async function expectStatus(promise, code, details) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  const name = (c) => `${grpc.status[c]} (${c})`;
  assert.ok(error, `expected status ${name(code)}, but the call succeeded`);
  assert.equal(error.code, code, `expected status ${name(code)}, got ${name(error.code)}: ${error.details}`);
  if (details !== undefined) {
    assert.equal(error.details, details, 'status message differs');
  }
  return error;
}

const sizes = (responses) => responses.map((r) => r.payload.body.length);

const cases = {
  async empty_unary() {
    const { response } = await unary('EmptyCall', {});
    assert.deepEqual(response, {}, 'EmptyCall answered with a non-empty message');
  },

  async large_unary() {
    const { response } = await unary('UnaryCall', { response_size: 314159, payload: zeros(271828) });
    assert.equal(response.payload.body.length, 314159, 'response payload size');
    assert.ok(response.payload.body.every((b) => b === 0), 'response payload is not all zeros');
  },

  async client_streaming() {
    const result = new Promise((resolve, reject) => {
      const call = client.StreamingInputCall(deadline(), (e, r) => (e ? reject(e) : resolve(r)));
      for (const n of [27182, 8, 1828, 45904]) call.write({ payload: zeros(n) });
      call.end();
    });
    assert.equal((await result).aggregated_payload_size, 74922, 'aggregated_payload_size');
  },

  async server_streaming() {
    const expected = [31415, 9, 2653, 58979];
    const call = client.StreamingOutputCall({ response_parameters: expected.map((size) => ({ size })) }, deadline());
    const { responses } = await collect(call);
    assert.deepEqual(sizes(responses), expected, 'response payload sizes, in order');
  },

  async ping_pong() {
    const requests = [27182, 8, 1828, 45904];
    const expected = [31415, 9, 2653, 58979];
    const call = client.FullDuplexCall(deadline());
    const done = collect(call);
    const received = [];
    // The next reply, or the call's end if it ends first (so a failing call fails the case, not hangs it).
    const next = () => Promise.race([
      new Promise((resolve) => call.once('data', resolve)),
      done.then(() => assert.fail(`the call ended after ${received.length} replies`)),
    ]);
    for (let i = 0; i < requests.length; i++) {
      const reply = next();
      call.write({ response_parameters: [{ size: expected[i] }], payload: zeros(requests[i]) });
      received.push((await reply).payload.body.length);
    }
    call.end();
    const { responses } = await done;
    assert.deepEqual(received, expected, 'one reply per request, sized as asked, in order');
    assert.equal(responses.length, 4, 'exactly four responses');
  },

  async empty_stream() {
    const call = client.FullDuplexCall(deadline());
    call.end();
    const { responses } = await collect(call);
    assert.equal(responses.length, 0, 'an empty stream got responses');
  },

  async cancel_after_begin() {
    const result = new Promise((resolve, reject) => {
      const call = client.StreamingInputCall(deadline(), (e, r) => (e ? reject(e) : resolve(r)));
      call.cancel();
    });
    await expectStatus(result, grpc.status.CANCELLED);
  },

  async cancel_after_first_response() {
    const call = client.FullDuplexCall(deadline());
    const done = collect(call);
    const first = Promise.race([
      new Promise((resolve) => call.once('data', resolve)),
      done.then(() => assert.fail('the call ended before its first response')),
    ]);
    call.write({ response_parameters: [{ size: 31415 }], payload: zeros(27182) });
    assert.equal((await first).payload.body.length, 31415, 'first response payload size');
    call.cancel();
    await expectStatus(done, grpc.status.CANCELLED);
  },

  async timeout_on_sleeping_server() {
    const call = client.FullDuplexCall(deadline(1));
    const done = collect(call);
    call.write({ payload: zeros(27182) });
    await expectStatus(done, grpc.status.DEADLINE_EXCEEDED);
  },

  async custom_metadata() {
    const trailingValue = Buffer.from([0xab, 0xab, 0xab]);
    const metadata = () => {
      const m = new grpc.Metadata();
      m.set(ECHO_INITIAL, 'test_initial_metadata_value');
      m.set(ECHO_TRAILING, trailingValue);
      return m;
    };
    const check = (what, initial, status) => {
      assert.deepEqual(initial?.get(ECHO_INITIAL), ['test_initial_metadata_value'], `${what}: echoed initial metadata`);
      assert.deepEqual(status.metadata.get(ECHO_TRAILING), [trailingValue], `${what}: echoed trailing -bin metadata`);
    };

    const unaryResult = await unary('UnaryCall', { response_size: 314159, payload: zeros(271828) }, metadata());
    assert.equal(unaryResult.response.payload.body.length, 314159, 'UnaryCall response payload size');
    check('UnaryCall', unaryResult.metadata, unaryResult.status);

    const call = client.FullDuplexCall(metadata(), deadline());
    const done = collect(call);
    call.write({ response_parameters: [{ size: 314159 }], payload: zeros(271828) });
    call.end();
    const duplex = await done;
    assert.deepEqual(sizes(duplex.responses), [314159], 'FullDuplexCall response payload sizes');
    check('FullDuplexCall', duplex.metadata, duplex.status);
  },

  async status_code_and_message() {
    await echoStatus('test status message');
  },

  async special_status_message() {
    await echoStatus(SPECIAL_MESSAGE);
  },

  async unimplemented_method() {
    await expectStatus(unary('UnimplementedCall', {}), grpc.status.UNIMPLEMENTED);
  },

  async unimplemented_service() {
    const other = newClient(testing.UnimplementedService);
    await expectStatus(unary('UnimplementedCall', {}, new grpc.Metadata(), deadline(), other), grpc.status.UNIMPLEMENTED);
  },

  async client_compressed_unary() {
    const request = (expectCompressed) => ({
      expect_compressed: { value: expectCompressed },
      response_size: 314159,
      payload: zeros(271828),
    });
    const gzipClient = newClient(testing.TestService, { 'grpc.default_compression_algorithm': GZIP });

    // The probe: an uncompressed request that says it is compressed must be refused.
    await expectStatus(unary('UnaryCall', request(true)), grpc.status.INVALID_ARGUMENT);
    const compressed = await unary('UnaryCall', request(true), new grpc.Metadata(), deadline(), gzipClient);
    assert.equal(compressed.response.payload.body.length, 314159, 'compressed request: response payload size');
    const plain = await unary('UnaryCall', request(false));
    assert.equal(plain.response.payload.body.length, 314159, 'uncompressed request: response payload size');
  },

  async server_compressed_unary() {
    // grpc-js hides the message flags; the compressed flag itself is checked on the raw HTTP/2 exchange
    // (ProtocolEdgeTests). Here: the client reads both answers.
    for (const compressed of [true, false]) {
      const { response } = await unary('UnaryCall', {
        response_compressed: { value: compressed },
        response_size: 314159,
        payload: zeros(271828),
      });
      assert.equal(response.payload.body.length, 314159, `response_compressed=${compressed}: response payload size`);
    }
  },
};

async function echoStatus(message) {
  const response_status = { code: grpc.status.UNKNOWN, message };
  await expectStatus(unary('UnaryCall', { response_status }), grpc.status.UNKNOWN, message);
  const call = client.FullDuplexCall(deadline());
  const done = collect(call);
  call.write({ response_status });
  call.end();
  await expectStatus(done, grpc.status.UNKNOWN, message);
}

async function main() {
  // Every call has a deadline; this only stops a case that would otherwise wait on an open channel forever.
  setTimeout(() => {
    console.error(`FAIL ${args.test_case}: no result within 60 s`);
    process.exit(1);
  }, 60000).unref();
  const run = cases[args.test_case];
  if (!run) {
    console.error(`unknown test case ${args.test_case}; known: ${Object.keys(cases).join(', ')}`);
    process.exit(2);
  }
  try {
    await run();
  } catch (e) {
    console.error(`FAIL ${args.test_case}: ${e.message}`);
    if (e instanceof assert.AssertionError) {
      const show = (v) => inspect(v, { depth: 4, maxArrayLength: 8, maxStringLength: 200 });
      console.error(`  expected: ${show(e.expected)}\n  actual:   ${show(e.actual)}`);
    } else {
      console.error(e.stack);
    }
    process.exit(1);
  }
  console.log(`PASS ${args.test_case}`);
  process.exit(0);
}

main();
