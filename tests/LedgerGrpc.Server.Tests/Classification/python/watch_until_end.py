"""`watch_until_end.py TARGET`: watches ledger.v1.Segments/WatchChanges from the start of the log, printing
`CHANGE sequence` for each change (flushed), then `END CODE details` when the server ends the stream."""
import sys

import grpc
import ledger_channel

from ledger.v1 import segments_pb2 as pb


def main(target):
    channel = ledger_channel.insecure_channel(target)
    watch = channel.unary_stream("/ledger.v1.Segments/WatchChanges",
                                 request_serializer=lambda m: m.SerializeToString(),
                                 response_deserializer=pb.SegmentChange.FromString)
    try:
        for change in watch(pb.WatchChangesRequest(after_sequence=0), wait_for_ready=True):
            print(f"CHANGE {change.sequence}", flush=True)
        print("END OK", flush=True)
    except grpc.RpcError as e:
        print(f"END {e.code().name} {e.details()}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
