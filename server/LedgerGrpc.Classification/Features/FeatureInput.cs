using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LedgerGrpc.Classification.Features;

/// <summary>Builds <see cref="CustomerFeatures"/> from what a caller sends for a prospect (name → text, or JSON),
/// refusing unknown names and unparsable values with a message that names them.</summary>
public static class FeatureInput
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
    };

    private static readonly Dictionary<string, PropertyInfo> Settable = typeof(CustomerFeatures)
        .GetProperties().Where(p => p.CanWrite).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static CustomerFeatures FromValues(IReadOnlyDictionary<string, string> values, DateTime asOf)
    {
        var features = new CustomerFeatures { AsOf = asOf };
        foreach (var (name, text) in values)
        {
            if (!Settable.TryGetValue(name, out var property))
            {
                throw new ClassificationException(ClassificationError.InvalidArgument, $"features: '{LedgerGrpc.Ledger.Quote.Short(name)}' is not a feature; known features: {string.Join(", ", Settable.Keys.Order())}.");
            }

            try
            {
                property.SetValue(features, Parse(property.PropertyType, text));
            }
            catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException or OverflowException)
            {
                throw new ClassificationException(ClassificationError.InvalidArgument, $"features: '{LedgerGrpc.Ledger.Quote.Short(name)}' = '{LedgerGrpc.Ledger.Quote.Short(text)}' is not a valid {TypeName(property.PropertyType)}.");
            }
        }

        Complete(features);
        return features;
    }

    public static CustomerFeatures FromJson(string json, DateTime asOf)
    {
        CustomerFeatures? features;
        try
        {
            features = JsonSerializer.Deserialize<CustomerFeatures>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, $"features_json: {ex.Message}");
        }

        if (features is null)
        {
            throw new ClassificationException(ClassificationError.InvalidArgument, "features_json must be a JSON object.");
        }

        if (features.AsOf == default) features.AsOf = asOf;
        Complete(features);
        return features;
    }

    /// <summary>Fills the values a caller would expect to follow from the ones given.</summary>
    private static void Complete(CustomerFeatures f)
    {
        if (f.OrderCount > 0 || f.TotalSpend > 0) f.HasPurchased = true;
        if (f.AvgOrderValue == 0 && f.OrderCount > 0) f.AvgOrderValue = Math.Round(f.TotalSpend / f.OrderCount, 2);
        if (f.CreditUtilisation == 0 && f.CreditLimit > 0) f.CreditUtilisation = Math.Round(f.CreditUsed / f.CreditLimit, 4);
    }

    private static object? Parse(Type type, string text)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target != type && text.Length == 0) return null;
        if (target == typeof(string[])) return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (target == typeof(DateTime)) return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        if (target == typeof(Dictionary<string, string>)) throw new NotSupportedException();
        return TypeDescriptor.GetConverter(target).ConvertFromInvariantString(text);
    }

    private static string TypeName(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(decimal) || t == typeof(double) => "number",
        var t when t == typeof(int) || t == typeof(long) => "whole number",
        var t when t == typeof(bool) => "true/false",
        var t when t == typeof(DateTime) => "date-time (ISO 8601)",
        var t when t == typeof(string[]) => "comma-separated list",
        var t when t == typeof(Dictionary<string, string>) => "map (use features_json)",
        _ => "text",
    };
}
