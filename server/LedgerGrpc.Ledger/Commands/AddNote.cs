using LedgerGrpc.Ledger.Internal;
using LedgerGrpc.Ledger.Model;

namespace LedgerGrpc.Ledger.Commands;

/// <summary>Adds a communication record (沟通记录) to a customer.</summary>
public sealed class AddNote : LedgerCommand<Note>
{
    public long CustomerId { get; init; }
    public NoteChannel Channel { get; init; }
    public string Text { get; init; } = "";

    /// <summary>Null: now.</summary>
    public DateTime? OccurredAt { get; init; }

    /// <summary>Empty: the caller (actor).</summary>
    public string Author { get; init; } = "";

    public override string Name => "AddNote";

    public override void Validate(LedgerOptions options)
    {
        Check.Id(CustomerId, "customer_id");
        Check.Defined(Channel, "channel");
        Check.Required(Text, "text", 4000);
        Check.Optional(Author, "author", 100);
    }

    internal override Note Apply(LedgerWriteSession session)
    {
        var db = session.Db;
        CustomerGuard.Active(db, CustomerId);
        var note = new Note
        {
            CustomerId = CustomerId,
            Channel = Channel,
            Text = Text,
            OccurredAt = OccurredAt ?? session.Now,
            Author = Author.Length > 0 ? Author : session.Actor,
            CreatedAt = session.Now,
        };
        db.Notes.Add(note);
        db.SaveChanges();
        db.ChangeTracker.Clear();
        session.Audit(Name, nameof(Note), note.Id, CustomerId, null, note);
        session.Changed(Name, CustomerId, note.Id);
        return note;
    }
}
