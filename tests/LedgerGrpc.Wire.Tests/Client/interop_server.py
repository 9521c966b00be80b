"""grpc.testing.TestService on Python grpcio (a gRPC implementation nobody here wrote).

Usage: interop_server.py [--tls CERT_PEM KEY_PEM] [--max-concurrent-streams N]
with PYTHONPATH holding the modules ProtocPython generated for grpc/testing/{messages,empty}.proto. Listens on
127.0.0.1, port chosen by the OS, prints "PORT <n>" on stdout, serves until stdin closes.

A streaming call with metadata "x-call-id: <id>" sends response headers as soon as its handler
runs, and prints "CANCELLED <id>" on stdout if the call ends before the handler finished. That
is proof of a client's RST_STREAM only while the handler is not reading requests (grpcio may
report a reset during a read as the end of the requests).

Besides the interop behaviour (as the official interop servers implement it), UnaryCall answers
metadata "x-barrier: <n>" by waiting until n such calls are in progress at once, and returns
the peer address in trailer "x-peer": the client's concurrency and connection use, as the
server sees them.
"""
import sys
import threading
from concurrent import futures

import grpc
import ledgergrpc_protos  # noqa: F401  (makes the generated grpc.testing modules importable)
from grpc.testing import empty_pb2, messages_pb2


class Barrier:
    def __init__(self):
        self.cond = threading.Condition()
        self.arrived = 0

    def wait(self, n):
        with self.cond:
            self.arrived += 1
            self.cond.notify_all()
            # Bounded so a client that cannot reach n concurrent calls fails instead of hanging.
            return self.cond.wait_for(lambda: self.arrived >= n, timeout=120)


barrier = Barrier()


def track(context):
    """Reports a client cancellation of calls carrying x-call-id; returns a callable marking normal completion."""
    call_id = dict(context.invocation_metadata()).get('x-call-id')
    state = {'done': False}

    def on_termination():
        if call_id is not None and not state['done']:
            print('CANCELLED %s' % call_id, flush=True)

    context.add_callback(on_termination)
    if call_id is not None:
        # Response headers tell the client the handler runs, so a cancellation it sends now is
        # seen by this handler (one sent earlier may stop the call before any handler starts).
        context.send_initial_metadata(())
    return lambda: state.update(done=True)


def pause(context, seconds):
    """Sleeps like the interop servers do, but wakes when the call ends (e.g. is cancelled)."""
    woken = threading.Event()
    context.add_callback(woken.set)
    woken.wait(seconds)


def echo_metadata(context):
    metadata = dict(context.invocation_metadata())
    if 'x-grpc-test-echo-initial' in metadata:
        context.send_initial_metadata((('x-grpc-test-echo-initial', metadata['x-grpc-test-echo-initial']),))
    if 'x-grpc-test-echo-trailing-bin' in metadata:
        context.set_trailing_metadata((('x-grpc-test-echo-trailing-bin', metadata['x-grpc-test-echo-trailing-bin']),))


def maybe_abort(request, context):
    if request.HasField('response_status') and request.response_status.code != 0:
        context.abort(grpc.StatusCode(next(c for c in grpc.StatusCode if c.value[0] == request.response_status.code)),
                      request.response_status.message)


def payload(size):
    return messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=b'\0' * size)


def empty_call(request, context):
    echo_metadata(context)
    return empty_pb2.Empty()


def unary_call(request, context):
    echo_metadata(context)
    metadata = dict(context.invocation_metadata())
    if 'x-barrier' in metadata:
        if not barrier.wait(int(metadata['x-barrier'])):
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, 'barrier: %d calls arrived, not %s' % (barrier.arrived, metadata['x-barrier']))
        context.set_trailing_metadata((('x-peer', context.peer()),))
    if 'x-status-details' in metadata:
        # What grpcio-status's abort_with_status sends: a serialized google.rpc.Status.
        context.set_trailing_metadata((('grpc-status-details-bin', metadata['x-status-details'].encode()),))
    if request.response_compressed.value:
        context.set_compression(grpc.Compression.Gzip)
    maybe_abort(request, context)
    return messages_pb2.SimpleResponse(payload=payload(request.response_size))


def streaming_output_call(request, context):
    done = track(context)
    echo_metadata(context)
    for parameters in request.response_parameters:
        if parameters.interval_us:
            pause(context, parameters.interval_us / 1e6)
        yield messages_pb2.StreamingOutputCallResponse(payload=payload(parameters.size))
    maybe_abort(request, context)
    done()


def streaming_input_call(request_iterator, context):
    done = track(context)
    total = sum(len(r.payload.body) for r in request_iterator)
    done()
    return messages_pb2.StreamingInputCallResponse(aggregated_payload_size=total)


def full_duplex_call(request_iterator, context):
    done = track(context)
    echo_metadata(context)
    for request in request_iterator:
        maybe_abort(request, context)
        for parameters in request.response_parameters:
            if parameters.interval_us:
                pause(context, parameters.interval_us / 1e6)
            yield messages_pb2.StreamingOutputCallResponse(payload=payload(parameters.size))
    done()


def half_duplex_call(request_iterator, context):
    requests = list(request_iterator)
    for request in requests:
        for parameters in request.response_parameters:
            yield messages_pb2.StreamingOutputCallResponse(payload=payload(parameters.size))


def handler(kind, behaviour, request_type):
    return kind(behaviour, request_deserializer=request_type.FromString, response_serializer=lambda m: m.SerializeToString())


def main():
    args = sys.argv[1:]
    options = [('grpc.max_receive_message_length', 64 * 1024 * 1024), ('grpc.max_send_message_length', 64 * 1024 * 1024)]
    if '--max-concurrent-streams' in args:
        options.append(('grpc.max_concurrent_streams', int(args[args.index('--max-concurrent-streams') + 1])))
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=400), options=options, maximum_concurrent_rpcs=None)
    service = grpc.method_handlers_generic_handler('grpc.testing.TestService', {
        'EmptyCall': handler(grpc.unary_unary_rpc_method_handler, empty_call, empty_pb2.Empty),
        'UnaryCall': handler(grpc.unary_unary_rpc_method_handler, unary_call, messages_pb2.SimpleRequest),
        'StreamingOutputCall': handler(grpc.unary_stream_rpc_method_handler, streaming_output_call, messages_pb2.StreamingOutputCallRequest),
        'StreamingInputCall': handler(grpc.stream_unary_rpc_method_handler, streaming_input_call, messages_pb2.StreamingInputCallRequest),
        'FullDuplexCall': handler(grpc.stream_stream_rpc_method_handler, full_duplex_call, messages_pb2.StreamingOutputCallRequest),
        'HalfDuplexCall': handler(grpc.stream_stream_rpc_method_handler, half_duplex_call, messages_pb2.StreamingOutputCallRequest),
    })
    server.add_generic_rpc_handlers((service,))
    if '--tls' in args:
        i = args.index('--tls')
        with open(args[i + 1], 'rb') as f:
            cert = f.read()
        with open(args[i + 2], 'rb') as f:
            key = f.read()
        port = server.add_secure_port('127.0.0.1:0', grpc.ssl_server_credentials(((key, cert),)))
    else:
        port = server.add_insecure_port('127.0.0.1:0')
    server.start()
    print('PORT %d' % port, flush=True)
    sys.stdin.read()
    server.stop(None)


if __name__ == '__main__':
    main()
