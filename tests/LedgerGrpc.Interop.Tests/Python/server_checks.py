"""Python grpcio checks of the server beyond the interop cases.

Usage: server_checks.py PROTOS_DIR HOST:PORT CHECK [ARG]
  unary SIZE   UnaryCall with a SIZE-byte payload; prints OK or CODE|details
  throw        UnaryCall whose handler throws; prints CODE|details
  reset        FullDuplexCall cancelled by the client after its first response (the handler is reading the
               request stream then); prints the call's code
  reset_wait   StreamingOutputCall cancelled by the client after its first response (the handler is waiting half
               an hour on its CancellationToken for the second); prints the call's code
"""
import sys
import threading

sys.path.insert(0, sys.argv[1])
import ledgergrpc_protos  # noqa: E402,F401  (makes grpc.testing importable beside grpcio)
import grpc  # noqa: E402
from grpc.testing import messages_pb2  # noqa: E402

TARGET, CHECK = sys.argv[2], sys.argv[3]
ARG = sys.argv[4] if len(sys.argv) > 4 else None
channel = grpc.insecure_channel(TARGET, options=[("grpc.max_send_message_length", -1)])


def test_method(kind, name, request, response):
    return getattr(channel, kind)("/grpc.testing.TestService/" + name,
                                  request_serializer=request.SerializeToString, response_deserializer=response.FromString)


def outcome(fn):
    try:
        fn()
        return "OK"
    except grpc.RpcError as e:
        return "%s|%s" % (e.code().name, e.details())


unary = test_method("unary_unary", "UnaryCall", messages_pb2.SimpleRequest, messages_pb2.SimpleResponse)

if CHECK == "unary":
    print(outcome(lambda: unary(messages_pb2.SimpleRequest(payload=messages_pb2.Payload(body=b"\0" * int(ARG))), timeout=30)))
elif CHECK == "throw":
    print(outcome(lambda: unary(messages_pb2.SimpleRequest(payload=messages_pb2.Payload(body=b"throw")), timeout=30)))
elif CHECK == "reset":
    done = threading.Event()

    def requests():
        yield messages_pb2.StreamingOutputCallRequest(response_parameters=[messages_pb2.ResponseParameters(size=1)])
        done.wait()

    responses = test_method("stream_stream", "FullDuplexCall", messages_pb2.StreamingOutputCallRequest,
                            messages_pb2.StreamingOutputCallResponse)(requests(), timeout=30)
    next(responses)
    responses.cancel()
    done.set()
    print(responses.code().name)
elif CHECK == "reset_wait":
    # A deadline far beyond the test (two hours) so Grpc.AspNetCore gives the handler its deadline-linked token, the
    # usual case for real clients, and only the reset can end the wait.
    request = messages_pb2.StreamingOutputCallRequest(response_parameters=[
        messages_pb2.ResponseParameters(size=1),
        messages_pb2.ResponseParameters(size=1, interval_us=1800 * 1000 * 1000)])
    responses = test_method("unary_stream", "StreamingOutputCall", messages_pb2.StreamingOutputCallRequest,
                            messages_pb2.StreamingOutputCallResponse)(request, timeout=7200)
    next(responses)
    responses.cancel()
    print(responses.code().name)
else:
    raise SystemExit("unknown check " + CHECK)
channel.close()
