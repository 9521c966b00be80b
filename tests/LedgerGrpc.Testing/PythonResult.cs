namespace LedgerGrpc.Testing;

/// <summary>What a Python peer printed and how it exited.</summary>
public sealed record PythonResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws with both streams in the message when the script failed, so the test log shows why.</summary>
    public PythonResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"Python exited with {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}");
        }

        return this;
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
