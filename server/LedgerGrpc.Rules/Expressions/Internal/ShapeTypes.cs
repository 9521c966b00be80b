using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>Emits (once per distinct list of member names and types) a <see cref="DynamicShape"/> subclass with public fields.</summary>
internal static class ShapeTypes
{
    private static readonly ModuleBuilder Module = AssemblyBuilder
        .DefineDynamicAssembly(new AssemblyName("LedgerGrpc.Rules.Shapes"), AssemblyBuilderAccess.Run)
        .DefineDynamicModule("Shapes");

    private static readonly ConcurrentDictionary<string, Type> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static int _count;

    public static Type Get(IReadOnlyList<(string Name, Type Type)> members)
    {
        var key = string.Join("\u0001", members.Select(m => m.Name + "\u0002" + m.Type.AssemblyQualifiedName));
        if (Cache.TryGetValue(key, out var type))
        {
            return type;
        }

        lock (Gate)
        {
            if (Cache.TryGetValue(key, out type))
            {
                return type;
            }

            var builder = Module.DefineType("Shape" + (++_count), TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(DynamicShape));
            foreach (var (name, memberType) in members)
            {
                builder.DefineField(name, memberType, FieldAttributes.Public);
            }

            builder.DefineDefaultConstructor(MethodAttributes.Public);
            type = builder.CreateType();
            Cache[key] = type;
            return type;
        }
    }
}
