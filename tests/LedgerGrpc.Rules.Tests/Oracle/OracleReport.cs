using Xunit.Abstractions;
using Xunit.Sdk;

namespace LedgerGrpc.Rules.Tests.Oracle;

/// <summary>Writes the oracle's summary lines (gap counts, agreement rates) as xunit diagnostic messages, which
/// <c>dotnet test</c> prints at normal verbosity (xunit.runner.json turns them on), and to the test's own output.</summary>
public sealed class OracleReport(IMessageSink sink)
{
    public void Write(ITestOutputHelper output, string line)
    {
        sink.OnMessage(new DiagnosticMessage(line));
        output.WriteLine(line);
    }
}
