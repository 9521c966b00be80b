namespace LedgerGrpc.Classification.Storage;

/// <summary>One stored version of a classification workflow; versions are never updated or removed.</summary>
public sealed class WorkflowVersionRecord
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public int Version { get; set; }

    /// <summary>The workflow as published; empty for a delete marker.</summary>
    public string Json { get; set; } = "";
    public string Comment { get; set; } = "";
    public string Author { get; set; } = "";
    public long CreatedAtUnixMs { get; set; }

    /// <summary>install, publish, rollback or delete.</summary>
    public string Action { get; set; } = "";
}
