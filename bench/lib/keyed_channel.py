"""A grpc channel that sends the bench's API key: every call but health needs one (issue 17).

The key comes from LEDGERGRPC_KEY (set by the bench's shell script from <data-dir>/admin.key); without it the
channel sends nothing, which is what builds from before the security work expect.
"""
import os

import grpc


class _Authorization(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                     grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    def __init__(self, key):
        self._metadata = ("authorization", "Bearer " + key)

    def _with_key(self, details):
        metadata = list(details.metadata or []) + [self._metadata]
        return details._replace(metadata=metadata)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_key(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_key(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._with_key(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._with_key(details), requests)


def insecure_channel(target, **kwargs):
    channel = grpc.insecure_channel(target, **kwargs)
    key = os.environ.get("LEDGERGRPC_KEY", "").strip()
    return grpc.intercept_channel(channel, _Authorization(key)) if key else channel
