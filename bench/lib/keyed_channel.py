"""A grpc channel that sends the bench's API key: every call but health needs one (issue 17).

The key comes from LEDGERGRPC_KEY (set by the bench's shell script from <data-dir>/admin.key); without it the
channel sends nothing, which is what builds from before the security work expect. The bearer interceptor itself is
the tests' (tests/LedgerGrpc.Testing/python/ledger_channel.py), so there is one copy of it.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "LedgerGrpc.Testing", "python"))
import ledger_channel  # noqa: E402


def insecure_channel(target, options=None):
    return ledger_channel.insecure_channel(target, key=os.environ.get("LEDGERGRPC_KEY", "").strip(), options=options)
