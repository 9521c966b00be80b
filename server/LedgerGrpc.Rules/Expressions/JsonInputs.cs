using System.Collections;
using System.Dynamic;
using System.Linq.Dynamic.Core;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace LedgerGrpc.Rules.Expressions;

/// <summary>Types JSON inputs exactly as a RulesEngine user's JSON reaches RulesEngine: the text is read by Newtonsoft.Json
/// itself into an <see cref="ExpandoObject"/> (its <see cref="ExpandoObjectConverter"/> with default settings: integers
/// <see cref="long"/> or <see cref="System.Numerics.BigInteger"/>, other numbers <see cref="double"/>, ISO date-times
/// <see cref="DateTime"/>, arrays <c>List&lt;object&gt;</c>), then typed the way RulesEngine's <c>RuleParameter</c>
/// types such a value (its <c>Utils.GetTypedObject</c>): an object becomes a Dynamic.Core generated class per shape;
/// a list of objects is typed by the union of its elements' members (the first non-null value of a member gives its
/// type), any other list by its first element, and later elements are converted to that type with
/// <see cref="Convert.ChangeType(object, Type)"/> (so <c>[1, 2.5]</c> holds 1 and 2). A top-level value that is not
/// an object (a number, a string, an array, null) is passed on as Newtonsoft read it. What RulesEngine cannot convert
/// (<c>[1, "a"]</c>) fails here too, with a <see cref="FormatException"/>.</summary>
public static class JsonInputs
{
    // With Newtonsoft's default settings (DateParseHandling.DateTime, DateTimeZoneHandling.RoundtripKind,
    // FloatParseHandling.Double, MaxDepth 64: deep nesting is refused, not a stack overflow).
    private static readonly ExpandoObjectConverter Expandos = new();

    /// <summary>The value RulesEngine's <c>RuleParameter</c> holds for this JSON, and its type (<see cref="object"/> for null).</summary>
    public static (Type Type, object? Value) Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        object? value;
        try
        {
            value = Typed(Parse(json));
        }
        catch (Exception ex) when (ex is JsonReaderException or JsonSerializationException or InvalidCastException or ArgumentException
            or OverflowException or MissingMethodException or System.Reflection.TargetInvocationException)
        {
            throw new FormatException($"The JSON input cannot be typed as RulesEngine types it: {ex.Message}", ex);
        }

        return (value?.GetType() ?? typeof(object), value);
    }

    public static object? ToObject(JsonElement json) => Read(json.GetRawText()).Value;

    public static object? ToObject(string json) => Read(json).Value;

    // What JsonConvert.DeserializeObject(json, typeof(ExpandoObject), new ExpandoObjectConverter()) gives: the
    // converter reads any JSON value, so a top-level number, string, array or null comes back as Newtonsoft read it.
    private static object? Parse(string json) =>
        JsonConvert.DeserializeObject(json, typeof(ExpandoObject), Expandos);

    private static object? Typed(object? raw) =>
        raw is ExpandoObject expando ? Create(ClassOf(expando), expando) : raw;

    /// <summary>The generated class for an object's members (merged objects of a list included).</summary>
    private static Type ClassOf(IDictionary<string, object?> members) =>
        DynamicClassFactory.CreateType([.. members.Select(m => new DynamicProperty(m.Key, MemberType(m.Value)))]);

    private static Type MemberType(object? value) => value switch
    {
        null => typeof(object),
        IDictionary<string, object?> members => ClassOf(members),
        IList list => ListType(list),
        _ => value.GetType(),
    };

    private static Type ListType(IList list)
    {
        if (list.Count == 0)
        {
            return typeof(List<object>);
        }

        // A list of objects: one class with every member any element has. Anything else: the first element's type
        // (a nested list stays List<object>, a leading null makes it List<object>).
        var element = list[0] is IDictionary<string, object?>
            ? ClassOf(Merge(list.OfType<IDictionary<string, object?>>()))
            : list[0]?.GetType() ?? typeof(object);
        return typeof(List<>).MakeGenericType(element);
    }

    private static Dictionary<string, object?> Merge(IEnumerable<IDictionary<string, object?>> objects)
    {
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var obj in objects)
        {
            foreach (var (name, value) in obj)
            {
                merged[name] = merged.TryGetValue(name, out var existing) ? MergeValues(existing, value) : value;
            }
        }

        return merged;
    }

    // Nested objects merge, lists concatenate (their elements then type the list), otherwise the first non-null value wins.
    private static object? MergeValues(object? existing, object? incoming) => (existing, incoming) switch
    {
        (IDictionary<string, object?> a, IDictionary<string, object?> b) => Merge([a, b]),
        (IList a, IList b) => new List<object?>([.. a.Cast<object?>(), .. b.Cast<object?>()]),
        _ => existing ?? incoming,
    };

    /// <summary>A value of <paramref name="type"/>: an object is built member by member (a member the value lacks keeps
    /// its default; a value of another type than the member's fails unless it widens), anything else is
    /// <see cref="Convert.ChangeType(object, Type)"/>d, as RulesEngine converts the elements of a list.</summary>
    private static object? Create(Type type, object? value)
    {
        if (value is not ExpandoObject expando)
        {
            return Convert.ChangeType(value, type, System.Globalization.CultureInfo.CurrentCulture);
        }

        // RulesEngine instantiates the element type even when it is not a class (an object among numbers: 0).
        var instance = Activator.CreateInstance(type)!;
        var properties = type.GetProperties().ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var (name, member) in expando)
        {
            if (member is null || !properties.TryGetValue(name, out var property))
            {
                continue;
            }

            var converted = member switch
            {
                ExpandoObject nested => Create(property.PropertyType, nested),
                IList items => CreateList(property.PropertyType.GenericTypeArguments.FirstOrDefault() ?? typeof(object), items),
                _ => member,
            };
            if (converted is not null)
            {
                property.SetValue(instance, converted);
            }
        }

        return instance;
    }

    private static IList CreateList(Type element, IList items)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        foreach (var item in items)
        {
            list.Add(Create(element, item));
        }

        return list;
    }
}
