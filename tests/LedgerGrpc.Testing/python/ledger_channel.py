"""Channels to a LedgerGrpc test server that send `authorization: Bearer <key>` on every call.

The key comes from the LEDGERGRPC_KEY environment variable (PythonPeer sets it from the test's
server); without it calls go out bare, as an unauthenticated client's would.
"""
import collections
import os

import grpc


class _CallDetails(
        collections.namedtuple("_CallDetails", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
        grpc.ClientCallDetails):
    pass


class _BearerKey(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
                 grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    def __init__(self, key):
        self._header = ("authorization", "Bearer " + key)

    def _with_key(self, details):
        metadata = [m for m in (details.metadata or []) if m[0] != "authorization"] + [self._header]
        return _CallDetails(details.method, details.timeout, metadata, details.credentials,
                            getattr(details, "wait_for_ready", None), getattr(details, "compression", None))

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_key(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_key(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._with_key(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._with_key(details), requests)


def with_key(channel, key):
    """`channel` sending `key` as a bearer token on every call."""
    return grpc.intercept_channel(channel, _BearerKey(key))


def insecure_channel(target, key=None, options=None):
    """grpc.insecure_channel(target) plus the test key (LEDGERGRPC_KEY unless `key` is given)."""
    channel = grpc.insecure_channel(target, options=options)
    key = key if key is not None else os.environ.get("LEDGERGRPC_KEY")
    return with_key(channel, key) if key else channel
