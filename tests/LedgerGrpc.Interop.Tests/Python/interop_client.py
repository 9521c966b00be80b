"""gRPC interop client cases (doc/interop-test-descriptions.md) on Python grpcio.

Usage: interop_client.py PROTOS_DIR HOST:PORT CASE
PROTOS_DIR holds protoc --python_out modules of grpc/testing/{empty,messages,test}.proto.
Prints "PASS <case>" and exits 0, or raises (traceback, exit 1).
"""
import queue
import sys
import threading

sys.path.insert(0, sys.argv[1])
import ledgergrpc_protos  # noqa: E402,F401  (makes grpc.testing importable beside grpcio)
import grpc  # noqa: E402
from grpc.testing import empty_pb2, messages_pb2  # noqa: E402

TARGET, CASE = sys.argv[2], sys.argv[3]
SPECIAL = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"
channel = grpc.insecure_channel(TARGET)


def method(kind, name, request, response, service="grpc.testing.TestService"):
    factory = getattr(channel, kind)
    return factory("/%s/%s" % (service, name), request_serializer=request.SerializeToString, response_deserializer=response.FromString)


empty_call = method("unary_unary", "EmptyCall", empty_pb2.Empty, empty_pb2.Empty)
unary_call = method("unary_unary", "UnaryCall", messages_pb2.SimpleRequest, messages_pb2.SimpleResponse)
streaming_output = method("unary_stream", "StreamingOutputCall", messages_pb2.StreamingOutputCallRequest, messages_pb2.StreamingOutputCallResponse)
streaming_input = method("stream_unary", "StreamingInputCall", messages_pb2.StreamingInputCallRequest, messages_pb2.StreamingInputCallResponse)
full_duplex = method("stream_stream", "FullDuplexCall", messages_pb2.StreamingOutputCallRequest, messages_pb2.StreamingOutputCallResponse)


def zeros(n):
    return messages_pb2.Payload(body=b"\0" * n)


def expect_code(fn, code, details=None):
    try:
        fn()
    except grpc.RpcError as e:
        assert e.code() == code, "expected %s, got %s: %s" % (code, e.code(), e.details())
        if details is not None:
            assert e.details() == details, "details %r != %r" % (e.details(), details)
        return e
    raise AssertionError("expected %s, call succeeded" % code)


class Requests:
    """A request iterator the test feeds one message at a time (None ends it)."""

    def __init__(self):
        self._queue = queue.Queue()

    def send(self, request):
        self._queue.put(request)

    def close(self):
        self._queue.put(None)

    def __iter__(self):
        return self

    def __next__(self):
        item = self._queue.get()
        if item is None:
            raise StopIteration
        return item


def empty_unary():
    assert empty_call(empty_pb2.Empty(), timeout=30) == empty_pb2.Empty()


def large_unary():
    response = unary_call(messages_pb2.SimpleRequest(response_size=314159, payload=zeros(271828)), timeout=30)
    assert len(response.payload.body) == 314159


def client_streaming():
    requests = [messages_pb2.StreamingInputCallRequest(payload=zeros(n)) for n in (27182, 8, 1828, 45904)]
    assert streaming_input(iter(requests), timeout=30).aggregated_payload_size == 74922


def server_streaming():
    sizes = (31415, 9, 2653, 58979)
    request = messages_pb2.StreamingOutputCallRequest(response_parameters=[messages_pb2.ResponseParameters(size=n) for n in sizes])
    assert [len(r.payload.body) for r in streaming_output(request, timeout=30)] == list(sizes)


def ping_pong():
    requests = Requests()
    responses = full_duplex(requests, timeout=30)
    for request_size, response_size in zip((27182, 8, 1828, 45904), (31415, 9, 2653, 58979)):
        requests.send(messages_pb2.StreamingOutputCallRequest(
            response_parameters=[messages_pb2.ResponseParameters(size=response_size)], payload=zeros(request_size)))
        assert len(next(responses).payload.body) == response_size
    requests.close()
    assert list(responses) == []


def empty_stream():
    assert list(full_duplex(iter([]), timeout=30)) == []


def custom_metadata():
    metadata = (("x-grpc-test-echo-initial", "test_initial_metadata_value"),
                ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab"))

    def check(call):
        assert ("x-grpc-test-echo-initial", "test_initial_metadata_value") in call.initial_metadata(), call.initial_metadata()
        assert ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab") in call.trailing_metadata(), call.trailing_metadata()

    _, call = unary_call.with_call(messages_pb2.SimpleRequest(response_size=314159, payload=zeros(271828)), metadata=metadata, timeout=30)
    check(call)
    responses = full_duplex(iter([messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=314159)], payload=zeros(271828))]), metadata=metadata, timeout=30)
    assert [len(r.payload.body) for r in responses] == [314159]
    check(responses)


def status_with(message):
    status = messages_pb2.EchoStatus(code=2, message=message)
    expect_code(lambda: unary_call(messages_pb2.SimpleRequest(response_status=status), timeout=30), grpc.StatusCode.UNKNOWN, message)
    expect_code(lambda: list(full_duplex(iter([messages_pb2.StreamingOutputCallRequest(response_status=status)]), timeout=30)),
                grpc.StatusCode.UNKNOWN, message)


def status_code_and_message():
    status_with("test status message")


def special_status_message():
    status_with(SPECIAL)


def unimplemented_method():
    call = method("unary_unary", "UnimplementedCall", empty_pb2.Empty, empty_pb2.Empty)
    expect_code(lambda: call(empty_pb2.Empty(), timeout=30), grpc.StatusCode.UNIMPLEMENTED)


def unimplemented_service():
    call = method("unary_unary", "UnimplementedCall", empty_pb2.Empty, empty_pb2.Empty, service="grpc.testing.UnimplementedService")
    expect_code(lambda: call(empty_pb2.Empty(), timeout=30), grpc.StatusCode.UNIMPLEMENTED)


def cancel_after_begin():
    requests = Requests()
    future = streaming_input.future(requests, timeout=30)
    future.cancel()
    assert future.cancelled()
    assert future.code() == grpc.StatusCode.CANCELLED, future.code()


def cancel_after_first_response():
    requests = Requests()
    responses = full_duplex(requests, timeout=30)
    requests.send(messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=31415)], payload=zeros(27182)))
    assert len(next(responses).payload.body) == 31415
    responses.cancel()
    expect_code(lambda: next(responses), grpc.StatusCode.CANCELLED)


def timeout_on_sleeping_server():
    requests = Requests()
    responses = full_duplex(requests, timeout=0.001)
    requests.send(messages_pb2.StreamingOutputCallRequest(payload=zeros(27182)))
    expect_code(lambda: list(responses), grpc.StatusCode.DEADLINE_EXCEEDED)
    requests.close()


def client_compressed_unary():
    # Probe: the server must notice an uncompressed request that claims to be compressed.
    expect_code(lambda: unary_call(messages_pb2.SimpleRequest(expect_compressed=messages_pb2.BoolValue(value=True),
                                                              response_size=314159, payload=zeros(271828)), timeout=30),
                grpc.StatusCode.INVALID_ARGUMENT)
    response = unary_call(messages_pb2.SimpleRequest(expect_compressed=messages_pb2.BoolValue(value=True),
                                                     response_size=314159, payload=zeros(271828)),
                          compression=grpc.Compression.Gzip, timeout=30)
    assert len(response.payload.body) == 314159
    response = unary_call(messages_pb2.SimpleRequest(expect_compressed=messages_pb2.BoolValue(value=False),
                                                     response_size=314159, payload=zeros(271828)), timeout=30)
    assert len(response.payload.body) == 314159


def server_compressed_unary():
    for compressed in (True, False):
        response = unary_call(messages_pb2.SimpleRequest(response_compressed=messages_pb2.BoolValue(value=compressed),
                                                         response_size=314159, payload=zeros(271828)), timeout=30)
        assert len(response.payload.body) == 314159


CASES = {f.__name__: f for f in (
    empty_unary, large_unary, client_streaming, server_streaming, ping_pong, empty_stream, custom_metadata,
    status_code_and_message, special_status_message, unimplemented_method, unimplemented_service,
    cancel_after_begin, cancel_after_first_response, timeout_on_sleeping_server,
    client_compressed_unary, server_compressed_unary)}

CASES[CASE]()
print("PASS " + CASE)
channel.close()
