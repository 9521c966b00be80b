using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace LedgerGrpc.Server.Security;

/// <summary>
/// What the sales role never sees, decided by field name over the generated descriptors, so a new
/// message or field named the same way is covered without a change here: every field ending in
/// <c>_minor</c> (money), <c>transaction_count</c>, <c>has_credit_limit</c>, <c>credit_utilisation_bp</c>,
/// and Explain's <c>features_json</c> and rule <c>steps</c> (they print feature values such as total spend).
/// See docs/security.md for the list.
/// </summary>
public static class FinancialFields
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "transaction_count", "has_credit_limit", "credit_utilisation_bp", "features_json", "steps",
    };

    public static bool IsFinancial(FieldDescriptor field) => field.Name.EndsWith("_minor", StringComparison.Ordinal) || Names.Contains(field.Name);

    /// <summary>Clears every financial field of <paramref name="message"/> and of the messages inside it.</summary>
    public static void Clear(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (IsFinancial(field))
            {
                field.Accessor.Clear(message);
                continue;
            }

            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                if (valueField.FieldType == FieldType.Message)
                {
                    foreach (System.Collections.DictionaryEntry entry in (System.Collections.IDictionary)field.Accessor.GetValue(message))
                    {
                        Clear((IMessage)entry.Value!);
                    }
                }
            }
            else if (field.IsRepeated)
            {
                foreach (IMessage item in (System.Collections.IList)field.Accessor.GetValue(message))
                {
                    Clear(item);
                }
            }
            else if (field.Accessor.GetValue(message) is IMessage inner)
            {
                Clear(inner);
            }
        }
    }
}
