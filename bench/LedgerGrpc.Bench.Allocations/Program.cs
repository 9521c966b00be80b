using LedgerGrpc.Bench.Allocations;

// Usage: LedgerGrpc.Bench.Allocations TRACE.nettrace REQUESTS [TOP] [TYPE-NAME-PART]
if (args.Length < 2 || !long.TryParse(args[1], out var requests) || requests <= 0)
{
    Console.Error.WriteLine("usage: LedgerGrpc.Bench.Allocations TRACE.nettrace REQUESTS [TOP] [TYPE-NAME-PART]");
    return 2;
}

var top = args.Length > 2 ? int.Parse(args[2]) : 30;
var profile = AllocationProfile.Read(args[0], args.Length > 3 ? args[3] : null);
profile.Print(Console.Out, requests, top);
return 0;
