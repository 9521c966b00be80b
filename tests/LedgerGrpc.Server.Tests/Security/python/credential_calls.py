"""Calls LedgerGrpc RPCs with the credentials a test gives and prints one JSON line per call (label, status, details).

Usage: credential_calls.py TARGET SPEC.json, where SPEC is a list of calls:
  {"label": ..., "method": "/ledger.v1.Segments/ListDimensions", "token": bearer token or null,
   "tls": null (cleartext) or {"ca": PEM file, "cert": client certificate PEM or null, "key": its key PEM or null}}
Each call gets its own channel, so each presents exactly its own client certificate. Requests are empty messages
(every request type accepts one on the wire; the server decides what they mean) and replies are not decoded.
"""
import json
import sys

import grpc


def read(path):
    return open(path, "rb").read() if path else None


def channel_for(target, tls):
    if not tls:
        return grpc.insecure_channel(target)
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(tls["ca"]), private_key=read(tls.get("key")), certificate_chain=read(tls.get("cert")))
    return grpc.secure_channel(target, credentials)


def main(target, spec_path):
    for call in json.load(open(spec_path)):
        metadata = [("authorization", "Bearer " + call["token"])] if call.get("token") else None
        with channel_for(target, call.get("tls")) as channel:
            try:
                # A bound against a hung server, not a measurement: a healthy call answers in milliseconds.
                channel.unary_unary(call["method"])(b"", metadata=metadata, timeout=120)
                code, details = "OK", ""
            except grpc.RpcError as e:
                code, details = e.code().name, e.details() or ""
        print(json.dumps({"label": call["label"], "code": code, "details": details}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
