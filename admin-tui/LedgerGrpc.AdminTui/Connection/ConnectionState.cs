namespace LedgerGrpc.AdminTui.Connection;

public enum ConnectionStatus
{
    Connecting,
    Connected,
    Disconnected,
}

/// <summary>What the header shows: connected (with the server's health), or disconnected with why and when the next try is.</summary>
public sealed record ConnectionState(ConnectionStatus Status, string Detail, DateTimeOffset Since)
{
    public static ConnectionState Initial(TimeProvider time) => new(ConnectionStatus.Connecting, "connecting", time.GetUtcNow());

    public string Describe() => Status switch
    {
        ConnectionStatus.Connected => "● connected" + (Detail.Length > 0 ? " · " + Detail : ""),
        ConnectionStatus.Connecting => "○ connecting…",
        _ => "✕ disconnected, retrying" + (Detail.Length > 0 ? " · " + Detail : ""),
    };
}
