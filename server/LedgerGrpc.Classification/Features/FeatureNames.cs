using System.Linq.Expressions;
using System.Reflection;

namespace LedgerGrpc.Classification.Features;

/// <summary>Reads a feature by the name workflows use: any public property of <see cref="CustomerFeatures"/>
/// (case-insensitive, as in expressions), then a custom attribute of that name.</summary>
internal static class FeatureNames
{
    private static readonly Dictionary<string, Func<CustomerFeatures, object?>> Getters = typeof(CustomerFeatures)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetIndexParameters().Length == 0)
        .ToDictionary(p => p.Name, Compile, StringComparer.OrdinalIgnoreCase);

    public static bool TryGet(CustomerFeatures features, string name, out object? value)
    {
        if (Getters.TryGetValue(name, out var getter))
        {
            value = getter(features);
            return true;
        }

        if (features.Attributes.TryGetValue(name, out var attribute))
        {
            value = attribute;
            return true;
        }

        value = null;
        return false;
    }

    private static Func<CustomerFeatures, object?> Compile(PropertyInfo property)
    {
        var features = Expression.Parameter(typeof(CustomerFeatures));
        return Expression.Lambda<Func<CustomerFeatures, object?>>(Expression.Convert(Expression.Property(features, property), typeof(object)), features).Compile();
    }
}
