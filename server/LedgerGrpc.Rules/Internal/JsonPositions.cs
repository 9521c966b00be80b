using System.Text;
using System.Text.Json;

namespace LedgerGrpc.Rules.Internal;

/// <summary>Line and column of every value in a JSON document, by path ("[0]/rules[2]/expression", property names
/// lower-cased because workflow property names are case-insensitive; a single root object is "[0]").</summary>
internal static class JsonPositions
{
    public static Dictionary<string, (int Line, int Column)> Map(string json)
    {
        var map = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stack = new List<(bool IsArray, int Index, string? Property, string Path)>();
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    pendingProperty = reader.GetString()!.ToLowerInvariant();
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }

                // A value: its path is the parent's path plus the property name or array index.
                string path;
                if (stack.Count == 0)
                {
                    path = reader.TokenType == JsonTokenType.StartArray ? "" : "[0]";
                }
                else if (stack[^1].IsArray)
                {
                    var top = stack[^1];
                    path = $"{top.Path}[{top.Index}]";
                    stack[^1] = top with { Index = top.Index + 1 };
                }
                else
                {
                    path = $"{stack[^1].Path}/{pendingProperty}";
                }

                var offset = (int)reader.TokenStartIndex;
                var line = lineStarts.BinarySearch(offset) is var found && found >= 0 ? found : ~found - 1;
                map[path] = (line + 1, Encoding.UTF8.GetCharCount(bytes, lineStarts[line], offset - lineStarts[line]) + 1);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    stack.Add((reader.TokenType == JsonTokenType.StartArray, 0, pendingProperty, path));
                }
            }
        }
        catch (JsonException)
        {
            // Positions are a convenience; a malformed document is reported by the parser itself.
        }

        return map;
    }
}
