"""Python grpcio checks of LedgerGrpc.Wire beyond the interop cases.

Usage: wire_checks.py PROTOS_DIR HOST:PORT CHECK [ARG]
  unary SIZE         UnaryCall with a SIZE-byte payload; prints OK or CODE|details
  throw              UnaryCall whose handler throws; prints CODE|details
  kinds              one call of each kind; prints one line per call: OK or CODE|details
  reset              FullDuplexCall cancelled after its first response; prints CANCELLED
  watch SERVICE      Health.Watch: prints each status on its own line, stops after two
  check SERVICE      Health.Check: prints the status or CODE|details
  reflection VERSION v1 or v1alpha: list services, file by name, file containing symbols
"""
import sys

sys.path.insert(0, sys.argv[1])
import ledgergrpc_protos  # noqa: E402,F401
import grpc  # noqa: E402
from grpc.testing import empty_pb2, messages_pb2  # noqa: E402
from grpc.health.v1 import health_pb2  # noqa: E402

TARGET, CHECK = sys.argv[2], sys.argv[3]
ARG = sys.argv[4] if len(sys.argv) > 4 else None
channel = grpc.insecure_channel(TARGET)


def method(kind, path, request, response):
    return getattr(channel, kind)(path, request_serializer=request.SerializeToString, response_deserializer=response.FromString)


def test_method(kind, name, request, response):
    return method(kind, "/grpc.testing.TestService/" + name, request, response)


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
elif CHECK == "kinds":
    metadata = (("authorization", "Bearer let-me-in"),)
    out = messages_pb2.StreamingOutputCallRequest(response_parameters=[messages_pb2.ResponseParameters(size=3)])
    print(outcome(lambda: unary(messages_pb2.SimpleRequest(response_size=1), metadata=metadata, timeout=30)))
    print(outcome(lambda: list(test_method("unary_stream", "StreamingOutputCall", messages_pb2.StreamingOutputCallRequest,
                                           messages_pb2.StreamingOutputCallResponse)(out, metadata=metadata, timeout=30))))
    print(outcome(lambda: test_method("stream_unary", "StreamingInputCall", messages_pb2.StreamingInputCallRequest,
                                      messages_pb2.StreamingInputCallResponse)(iter([messages_pb2.StreamingInputCallRequest()]), metadata=metadata, timeout=30)))
    print(outcome(lambda: list(test_method("stream_stream", "FullDuplexCall", messages_pb2.StreamingOutputCallRequest,
                                           messages_pb2.StreamingOutputCallResponse)(iter([out]), metadata=metadata, timeout=30))))
    print(outcome(lambda: unary(messages_pb2.SimpleRequest(response_size=1), timeout=30)))
elif CHECK == "reset":
    import threading
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
elif CHECK in ("watch", "check"):
    request = health_pb2.HealthCheckRequest(service=ARG or "")
    status_name = health_pb2.HealthCheckResponse.ServingStatus.Name
    if CHECK == "check":
        check = method("unary_unary", "/grpc.health.v1.Health/Check", health_pb2.HealthCheckRequest, health_pb2.HealthCheckResponse)
        try:
            print(status_name(check(request, timeout=30).status))
        except grpc.RpcError as e:
            print("%s|%s" % (e.code().name, e.details()))
    else:
        watch = method("unary_stream", "/grpc.health.v1.Health/Watch", health_pb2.HealthCheckRequest, health_pb2.HealthCheckResponse)
        responses = watch(request, timeout=60)
        for i, response in enumerate(responses):
            print(status_name(response.status), flush=True)
            if i == 1:
                responses.cancel()
                break
elif CHECK == "reflection":
    if ARG == "v1":
        from grpc.reflection.v1 import reflection_pb2
    else:
        from grpc.reflection.v1alpha import reflection_pb2
    from google.protobuf import descriptor_pb2
    info = method("stream_stream", "/grpc.reflection.%s.ServerReflection/ServerReflectionInfo" % ARG,
                  reflection_pb2.ServerReflectionRequest, reflection_pb2.ServerReflectionResponse)
    requests = [
        reflection_pb2.ServerReflectionRequest(list_services=""),
        reflection_pb2.ServerReflectionRequest(file_by_filename="grpc/testing/test.proto"),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol="grpc.testing.TestService"),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol="grpc.testing.SimpleRequest"),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol="grpc.testing.TestService.UnaryCall"),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol="no.such.Symbol"),
    ]
    for response in info(iter(requests), timeout=30):
        kind = response.WhichOneof("message_response")
        if kind == "list_services_response":
            print("services " + " ".join(s.name for s in response.list_services_response.service))
        elif kind == "file_descriptor_response":
            files = [descriptor_pb2.FileDescriptorProto.FromString(b) for b in response.file_descriptor_response.file_descriptor_proto]
            print("files " + " ".join(f.name for f in files))
        else:
            print("error %d %s" % (response.error_response.error_code, response.error_response.error_message))
else:
    raise SystemExit("unknown check " + CHECK)
channel.close()
