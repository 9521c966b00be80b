namespace LedgerGrpc.Ledger.Model;

/// <summary>A communication record (沟通记录).</summary>
public sealed class Note
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public NoteChannel Channel { get; set; }
    public string Text { get; set; } = "";
    public DateTime OccurredAt { get; set; }
    public string Author { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
