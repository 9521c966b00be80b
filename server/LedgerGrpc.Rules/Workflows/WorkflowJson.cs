using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LedgerGrpc.Rules.Workflows;

/// <summary>Reads and writes workflows in RulesEngine's JSON format: property names in any case, a single workflow
/// object or an array of them at the root, comments and trailing commas tolerated, RuleExpressionType as name or number.</summary>
public static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Parses <paramref name="json"/>; throws <see cref="WorkflowJsonException"/> (with 1-based line and column)
    /// when it is not valid JSON or does not have the shape of a workflow.</summary>
    public static IReadOnlyList<Workflow> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            if (!reader.Read())
            {
                throw new WorkflowJsonException("The document is empty; expected a workflow object or an array of workflows.", 1, 1);
            }

            // Deserialize from the whole text (not from this reader) so error positions count from the document start.
            List<Workflow?>? workflows = reader.TokenType switch
            {
                JsonTokenType.StartArray => JsonSerializer.Deserialize<List<Workflow?>>(json, Options),
                JsonTokenType.StartObject => [JsonSerializer.Deserialize<Workflow>(json, Options)],
                _ => throw new WorkflowJsonException("Expected a workflow object or an array of workflows at the root.", 1, 1),
            };
            return workflows is null || workflows.Any(w => w is null)
                ? throw new WorkflowJsonException("A workflow must be a JSON object, not null.", 1, 1)
                : [.. workflows.Select(w => w!)];
        }
        catch (JsonException ex)
        {
            throw FromJsonException(ex, json);
        }
    }

    /// <summary>Reads a workflow file (see <see cref="Parse"/>).</summary>
    public static IReadOnlyList<Workflow> Load(string path) => Parse(File.ReadAllText(path));

    public static string Serialize(IReadOnlyList<Workflow> workflows) => JsonSerializer.Serialize(workflows, Options);

    private static WorkflowJsonException FromJsonException(JsonException ex, string json)
    {
        // JsonException reports 0-based positions; the byte position is within the line (UTF-8), close enough for ASCII rules.
        var line = (int)(ex.LineNumber ?? 0) + 1;
        var column = (int)(ex.BytePositionInLine ?? 0) + 1;
        if (ex.LineNumber is null && ex.BytePositionInLine is { } offset)
        {
            (line, column) = LineColumnAt(json, (int)offset);
        }

        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0 && ex.Path is { Length: > 0 })
        {
            message = message[..cut] + " (at " + ex.Path + ")";
        }

        return new WorkflowJsonException(message, line, column, ex);
    }

    private static (int Line, int Column) LineColumnAt(string text, int offset)
    {
        int line = 1, column = 1;
        for (var i = 0; i < Math.Min(offset, text.Length); i++)
        {
            (line, column) = text[i] == '\n' ? (line + 1, 1) : (line, column + 1);
        }

        return (line, column);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
