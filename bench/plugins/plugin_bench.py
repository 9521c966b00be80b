"""Helpers for bench/plugins/run.sh: wait for plugins to go live, swap a plugin build under load and time the swap,
and split an h2load log into latency windows around it."""
import json
import os
import shutil
import sys
import time


sys.path.insert(0, os.environ["LEDGER_PY_OUT"])
from ledger.v1 import plugins_pb2 as pb  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import keyed_channel  # noqa: E402  (sends LEDGERGRPC_KEY: every call but health needs a key)


def watch(addr):
    channel = keyed_channel.insecure_channel(addr)
    rpc = channel.unary_stream("/ledger.v1.Plugins/WatchPlugins", request_serializer=pb.WatchPluginsRequest.SerializeToString,
                               response_deserializer=pb.Plugin.FromString)
    return channel, rpc(pb.WatchPluginsRequest(), wait_for_ready=True, timeout=900)


def live(addr, count):
    """Returns once COUNT plugins are loaded (the stream gives every plugin's state, then each change)."""
    channel, stream = watch(addr)
    loaded = {}
    for plugin in stream:
        loaded[plugin.name] = plugin.status
        if sum(1 for s in loaded.values() if s == "loaded") >= int(count):
            break
    channel.close()
    print(json.dumps(loaded))


def swap(addr, plugin_dir, new_build, version, delay):
    """After DELAY seconds copies NEW_BUILD's files over PLUGIN_DIR and waits until the plugin reports VERSION loaded."""
    channel, stream = watch(addr)
    time.sleep(float(delay))
    copied = time.time()
    for name in os.listdir(new_build):
        shutil.copy2(os.path.join(new_build, name), os.path.join(plugin_dir, name))
    name = os.path.basename(plugin_dir.rstrip("/"))
    for plugin in stream:
        if plugin.name == name and plugin.version == version and plugin.status == "loaded":
            break
    swapped = time.time()
    channel.close()
    print(json.dumps({"copied_us": int(copied * 1e6), "live_us": int(swapped * 1e6)}))


def windows(log_path, swap_json, sent_before, committed):
    """p50/p99 of the requests started before the copy, from the copy until one second after the new build was live,
    and after that (h2load --log-file: start µs since epoch, status, elapsed µs)."""
    swap_times = json.loads(swap_json)
    start, end = swap_times["copied_us"], swap_times["live_us"] + 1_000_000
    rows = [tuple(int(x) for x in line.split()[:3]) for line in open(log_path) if line.strip()]
    first, last = min(r[0] for r in rows), max(r[0] for r in rows)

    def describe(selected):
        lat = sorted(r[2] for r in selected)
        if not lat:
            return {"requests": 0}
        pct = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))] / 1000.0, 2)  # noqa: E731
        span = (max(r[0] for r in selected) - min(r[0] for r in selected)) / 1e6 or 1
        return {"requests": len(lat), "tx_per_s": round(len(lat) / span), "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": round(lat[-1] / 1000.0, 2)}

    print(json.dumps({
        "sent": len(rows), "committed": int(committed) - int(sent_before), "non_200": sum(1 for r in rows if r[1] != 200),
        "swap_s": round((swap_times["live_us"] - swap_times["copied_us"]) / 1e6, 2), "run_s": round((last - first) / 1e6, 1),
        "before": describe([r for r in rows if r[0] < start]),
        "during_swap": describe([r for r in rows if start <= r[0] < end]),
        "after": describe([r for r in rows if r[0] >= end]),
    }))


if __name__ == "__main__":
    {"live": live, "swap": swap, "windows": windows}[sys.argv[1]](*sys.argv[2:])
