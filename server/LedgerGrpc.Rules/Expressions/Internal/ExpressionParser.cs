using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace LedgerGrpc.Rules.Expressions.Internal;

/// <summary>Recursive-descent parser binding Dynamic.Core-style syntax straight to System.Linq.Expressions trees.
/// Operator precedence follows Dynamic.Core: ?: / ??, ||, &amp;&amp;, comparison, additive, multiplicative, unary, primary.</summary>
internal sealed class ExpressionParser(string text, IReadOnlyList<ParameterExpression> parameters, ExpressionOptions options)
{
    private static readonly Type[] AllowedInstanceTypes = [typeof(string)];
    private readonly List<ParameterExpression> _scopes = [];
    private readonly Dictionary<Expression, string> _literals = new(ReferenceEqualityComparer.Instance);
    private int _pos;

    internal ExpressionOptions Options => options;

    private StringComparison NameComparison => options.CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    public Expression Parse()
    {
        var result = ParseConditional();
        SkipSpace();
        if (_pos < text.Length)
        {
            throw Error("Syntax error", _pos, 1);
        }

        return result;
    }

    internal ExpressionParseException Error(string message, int pos, int length) => new(message, pos, length);

    internal int Position => _pos;

    internal int Length => text.Length;

    internal char CurrentChar => text[_pos];

    internal void SkipSpace()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
        {
            _pos++;
        }
    }

    internal bool TryOp(params string[] ops)
    {
        SkipSpace();
        foreach (var op in ops)
        {
            var isWord = char.IsLetter(op[0]);
            if (string.Compare(text, _pos, op, 0, op.Length, isWord ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) != 0
                || _pos + op.Length > text.Length)
            {
                continue;
            }

            var end = _pos + op.Length;
            if (isWord && end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
            {
                continue;
            }

            if (!isWord && op is "=" or "<" or ">" or "!" && end < text.Length && text[end] == '=')
            {
                continue;
            }

            _pos = end;
            return true;
        }

        return false;
    }

    internal void Expect(string op)
    {
        if (!TryOp(op))
        {
            throw Error($"'{op}' expected", _pos, 1);
        }
    }

    internal Expression ParseConditional()
    {
        var start = _pos;
        var test = ParseCoalesce();
        if (!TryOp("?"))
        {
            return test;
        }

        var whenTrue = ParseConditional();
        Expect(":");
        var whenFalse = ParseConditional();
        return MakeConditional(ToBool(test, start), whenTrue, whenFalse, start);
    }

    internal Expression MakeConditional(Expression test, Expression a, Expression b, int start)
    {
        if (a.Type != b.Type)
        {
            (a, b) = Promote(a, b, "?:", start);
        }

        return Expression.Condition(test, a, b);
    }

    private Expression ParseCoalesce()
    {
        var left = ParseOr();
        while (TryOp("??"))
        {
            var right = ParseOr();
            if (left.Type.IsValueType && Nullable.GetUnderlyingType(left.Type) is null)
            {
                continue;
            }

            var target = Nullable.GetUnderlyingType(left.Type) is { } u && right.Type == u ? u : left.Type;
            left = Expression.Coalesce(left, right.Type == target ? right : Expression.Convert(right, target));
        }

        return left;
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (true)
        {
            var start = _pos;
            if (!TryOp("||", "or"))
            {
                return left;
            }

            left = Expression.OrElse(ToBool(left, start), ToBool(ParseAnd(), start));
        }
    }

    private Expression ParseAnd()
    {
        var left = ParseComparison();
        while (true)
        {
            var start = _pos;
            if (!TryOp("&&", "and"))
            {
                return left;
            }

            left = Expression.AndAlso(ToBool(left, start), ToBool(ParseComparison(), start));
        }
    }

    internal Expression ToBool(Expression e, int pos)
    {
        if (e.Type == typeof(bool))
        {
            return e;
        }

        if (e.Type == typeof(object))
        {
            return Expression.Equal(Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.ToBoolean))!, e), Expression.Constant(true, typeof(bool?)));
        }

        throw Error($"Expression of type '{e.Type.Name}' expected to be Boolean", pos, 1);
    }

    private Expression ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            SkipSpace();
            var start = _pos;
            string op;
            if (TryOp("==") || TryOp("="))
            {
                op = "==";
            }
            else if (TryOp("!=") || TryOp("<>"))
            {
                op = "!=";
            }
            else if (TryOp(">="))
            {
                op = ">=";
            }
            else if (TryOp("<="))
            {
                op = "<=";
            }
            else if (TryOp(">"))
            {
                op = ">";
            }
            else if (TryOp("<"))
            {
                op = "<";
            }
            else if (TryOp("in"))
            {
                left = ParseInList(left, start);
                continue;
            }
            else
            {
                return left;
            }

            var right = ParseAdditive();
            left = MakeComparison(op, left, right, start);
        }
    }

    // `x in (a, b, c)` is x == a || x == b || x == c, with the usual promotion per element.
    private Expression ParseInList(Expression left, int start)
    {
        var items = ParseArguments();
        if (items.Count == 0)
        {
            throw Error("Expression expected", _pos - 1, 1);
        }

        Expression? result = null;
        foreach (var item in items)
        {
            var eq = MakeComparison("==", left, item, start);
            result = result is null ? eq : Expression.OrElse(result, eq);
        }

        return result!;
    }

    private Expression MakeComparison(string op, Expression left, Expression right, int pos)
    {
        if ((left.Type == typeof(object) || right.Type == typeof(object)) && op is not ("==" or "!=") && !IsLenient(left) && !IsLenient(right))
        {
            // Dynamic.Core leaves object operands untouched, so Expression.GreaterThan etc. reject them.
            var kind = op switch { ">" => "GreaterThan", ">=" => "GreaterThanOrEqual", "<" => "LessThan", _ => "LessThanOrEqual" };
            throw Error($"The binary operator {kind} is not defined for the types '{left.Type}' and '{right.Type}'.", pos, op.Length);
        }

        if (left.Type == typeof(object) || right.Type == typeof(object))
        {
            var l = Expression.Convert(left, typeof(object));
            var r = Expression.Convert(right, typeof(object));
            if (op is "==" or "!=")
            {
                Expression eq = Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.AreEqual))!, l, r);
                return op == "==" ? eq : Expression.Not(eq);
            }

            var cmp = Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.Compare))!, l, r);
            var zero = Expression.Constant(0, typeof(int?));
            return op switch
            {
                ">" => Expression.GreaterThan(cmp, zero),
                ">=" => Expression.GreaterThanOrEqual(cmp, zero),
                "<" => Expression.LessThan(cmp, zero),
                _ => Expression.LessThanOrEqual(cmp, zero),
            };
        }

        (left, right) = (ParseStringConstantAs(left, right.Type, pos), ParseStringConstantAs(right, left.Type, pos));
        (left, right) = Promote(left, right, op, pos);
        if (left.Type == typeof(string) && op is not ("==" or "!="))
        {
            var c = Expression.Call(typeof(string).GetMethod(nameof(string.CompareOrdinal), [typeof(string), typeof(string)])!, left, right);
            left = c;
            right = Expression.Constant(0);
        }

        try
        {
            return op switch
            {
                "==" => Expression.Equal(left, right),
                "!=" => Expression.NotEqual(left, right),
                ">" => Expression.GreaterThan(left, right),
                ">=" => Expression.GreaterThanOrEqual(left, right),
                "<" => Expression.LessThan(left, right),
                _ => Expression.LessThanOrEqual(left, right),
            };
        }
        catch (InvalidOperationException)
        {
            throw Incompatible(op, left, right, pos);
        }
    }

    // Like Dynamic.Core, a string literal compared with a DateTime, Guid or enum member is parsed as that type.
    private Expression ParseStringConstantAs(Expression e, Type other, int pos)
    {
        if (e is ConstantExpression { Value: char c } && other == typeof(string))
        {
            return Expression.Constant(c.ToString());
        }

        if (e is not ConstantExpression { Value: string s })
        {
            return e;
        }

        var target = Nullable.GetUnderlyingType(other) ?? other;
        object? value = null;
        if (target == typeof(DateTime) && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            value = dt;
        }
        else if (target == typeof(Guid) && Guid.TryParse(s, out var g))
        {
            value = g;
        }
        else if (target.IsEnum && Enum.TryParse(target, s, ignoreCase: true, out var en))
        {
            value = en;
        }
        else if (Array.IndexOf(NumericOrder, target) >= 0 && decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            value = System.Convert.ChangeType(number, target, CultureInfo.InvariantCulture);
        }
        else if (target == typeof(DateTime) || target == typeof(Guid) || target.IsEnum)
        {
            throw Error($"'{s}' is not a valid {target.Name}", pos, 1);
        }

        return value is null ? e : Expression.Constant(value, target);
    }

    private ExpressionParseException Incompatible(string op, Expression l, Expression r, int pos) =>
        Error($"Operator '{op}' incompatible with operand types '{TypeName(l.Type)}' and '{TypeName(r.Type)}'", pos, op.Length);

    private static string TypeName(Type t) => Nullable.GetUnderlyingType(t) is { } u ? u.Name + "?" : t.Name;

    private static readonly Type[] NumericOrder =
        [typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal)];

    private (Expression, Expression) Promote(Expression left, Expression right, string op, int pos)
    {
        if (left.Type == right.Type)
        {
            return (left, right);
        }

        if (!_literals.ContainsKey(right))
        {
            left = AdaptLiteral(left, right.Type);
        }

        if (!_literals.ContainsKey(left))
        {
            right = AdaptLiteral(right, left.Type);
        }

        if (left.Type == right.Type)
        {
            return (left, right);
        }

        if (IsNull(left))
        {
            return (Expression.Constant(null, NullableOf(right.Type)), Lift(right));
        }

        if (IsNull(right))
        {
            return (Lift(left), Expression.Constant(null, NullableOf(left.Type)));
        }

        var lu = Nullable.GetUnderlyingType(left.Type) ?? left.Type;
        var ru = Nullable.GetUnderlyingType(right.Type) ?? right.Type;
        var nullable = lu != left.Type || ru != right.Type;
        Type? target = null;
        if (lu == ru)
        {
            target = lu;
        }
        else
        {
            var li = Array.IndexOf(NumericOrder, Widen(lu));
            var ri = Array.IndexOf(NumericOrder, Widen(ru));
            var realWithDecimal = (lu == typeof(decimal) && ri is 2 or 3) || (ru == typeof(decimal) && li is 2 or 3);
            if (li >= 0 && ri >= 0 && !realWithDecimal)
            {
                target = NumericOrder[Math.Max(li, ri)];
            }
        }

        if (target is null)
        {
            throw Incompatible(op, left, right, pos);
        }

        var t = nullable ? NullableOf(target) : target;
        return (left.Type == t ? left : Expression.Convert(left, t), right.Type == t ? right : Expression.Convert(right, t));
    }

    private static Type Widen(Type t) =>
        t == typeof(byte) || t == typeof(short) || t == typeof(sbyte) || t == typeof(ushort) ? typeof(int)
        : t == typeof(uint) ? typeof(long)
        : t;

    private static bool IsNull(Expression e) => e is ConstantExpression { Value: null };

    private static Type NullableOf(Type t) => t.IsValueType && Nullable.GetUnderlyingType(t) is null ? typeof(Nullable<>).MakeGenericType(t) : t;

    private static Expression Lift(Expression e) => e.Type == NullableOf(e.Type) ? e : Expression.Convert(e, NullableOf(e.Type));

    private Expression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            SkipSpace();
            var start = _pos;
            string op;
            if (TryOp("+"))
            {
                op = "+";
            }
            else if (TryOp("-"))
            {
                op = "-";
            }
            else
            {
                return left;
            }

            var right = ParseMultiplicative();
            if (op == "+" && (left.Type == typeof(string) || right.Type == typeof(string)))
            {
                left = Expression.Call(
                    typeof(string).GetMethod(nameof(string.Concat), [typeof(object), typeof(object)])!,
                    Expression.Convert(left, typeof(object)),
                    Expression.Convert(right, typeof(object)));
                continue;
            }

            left = MakeArithmetic(op, left, right, start);
        }
    }

    private Expression MakeArithmetic(string op, Expression left, Expression right, int pos)
    {
        if (IsTemporal(left.Type) || IsTemporal(right.Type))
        {
            try
            {
                return op == "+" ? Expression.Add(left, right) : Expression.Subtract(left, right);
            }
            catch (InvalidOperationException)
            {
                throw Incompatible(op, left, right, pos);
            }
        }

        if ((left.Type == typeof(object) || right.Type == typeof(object)) && !IsLenient(left) && !IsLenient(right))
        {
            throw Incompatible(op, left, right, pos);
        }

        if (left.Type == typeof(object) || right.Type == typeof(object))
        {
            // Untyped (JSON) operands are computed in decimal, matching how their values compare.
            left = ToDecimalOperand(left);
            right = ToDecimalOperand(right);
        }

        (left, right) = Promote(left, right, op, pos);
        try
        {
            return op switch
            {
                "+" => Expression.Add(left, right),
                "-" => Expression.Subtract(left, right),
                "*" => Expression.Multiply(left, right),
                "/" => Expression.Divide(left, right),
                _ => Expression.Modulo(left, right),
            };
        }
        catch (InvalidOperationException)
        {
            throw Incompatible(op, left, right, pos);
        }
    }

    /// <summary>Values read from dictionary inputs: typed object, converted at run time when combined with typed operands.
    /// Other object-typed values (JSON nulls, members of unknown shape) follow Dynamic.Core and reject arithmetic and ordering.</summary>
    internal static bool IsLenient(Expression e) =>
        e is MethodCallExpression { Method.DeclaringType: var t, Method.Name: nameof(RuntimeOps.Member) or nameof(RuntimeOps.Index) } && t == typeof(RuntimeOps)
        || typeof(IDictionary<string, object?>).IsAssignableFrom(e.Type)
        || (e is UnaryExpression { NodeType: ExpressionType.Convert } u && IsLenient(u.Operand))
        || (e is BinaryExpression { NodeType: ExpressionType.Coalesce } c && IsLenient(c.Left));

    /// <summary>A rule body as a condition: bool as is, bool? true only when true, a dictionary value by its run-time
    /// boolean; null when the body cannot be a condition.</summary>
    internal static Expression? AsCondition(Expression body) =>
        body.Type == typeof(bool) ? body
        : body.Type == typeof(bool?) ? Expression.Equal(body, Expression.Constant(true, typeof(bool?)))
        : body.Type == typeof(object) && IsLenient(body)
            ? Expression.Equal(Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.ToBoolean))!, body), Expression.Constant(true, typeof(bool?)))
            : null;

    private static bool IsTemporal(Type t) => (Nullable.GetUnderlyingType(t) ?? t) is var u && (u == typeof(DateTime) || u == typeof(TimeSpan));

    private static Expression ToDecimalOperand(Expression e) =>
        e.Type == typeof(object)
            ? Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.ToDecimal))!, e)
            : Expression.Convert(e, typeof(decimal?));

    private Expression ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            SkipSpace();
            var start = _pos;
            string op;
            if (TryOp("*"))
            {
                op = "*";
            }
            else if (TryOp("/"))
            {
                op = "/";
            }
            else if (TryOp("%") || TryOp("mod"))
            {
                op = "%";
            }
            else
            {
                return left;
            }

            left = MakeArithmetic(op, left, ParseUnary(), start);
        }
    }

    private Expression ParseUnary()
    {
        SkipSpace();
        var start = _pos;
        if (TryOp("!") || TryOp("not"))
        {
            return Expression.Not(ToBool(ParseUnary(), start));
        }

        if (TryOp("-"))
        {
            var operand = ParseUnary();
            try
            {
                return Expression.Negate(operand);
            }
            catch (InvalidOperationException)
            {
                throw Error($"Operator '-' incompatible with operand type '{TypeName(operand.Type)}'", start, 1);
            }
        }

        return ParsePrimary();
    }

    private Expression ParsePrimary()
    {
        var expr = ParseAtom();
        while (true)
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == '.')
            {
                _pos++;
                SkipSpace();
                var nameStart = _pos;
                var name = ReadIdentifier() ?? throw Error("Identifier expected", _pos, 1);
                SkipSpace();
                if (_pos < text.Length && text[_pos] == '(' && EnumerableMethods.ElementType(expr.Type) is { } element)
                {
                    expr = new EnumerableMethods(this).Bind(expr, element, name, nameStart);
                }
                else if (_pos < text.Length && text[_pos] == '(')
                {
                    var args = ParseArguments();
                    expr = BindInstanceCall(expr, name, args, nameStart);
                }
                else
                {
                    expr = BindMember(expr, name, nameStart);
                }
            }
            else if (_pos < text.Length && text[_pos] == '[')
            {
                var bracket = _pos++;
                var index = ParseConditional();
                Expect("]");
                expr = BindIndex(expr, index, bracket);
            }
            else
            {
                return expr;
            }
        }
    }

    private Expression BindIndex(Expression target, Expression index, int pos)
    {
        if (target.Type.IsArray && index.Type == typeof(int))
        {
            return Expression.ArrayIndex(target, index);
        }

        if (target.Type == typeof(object) || typeof(IDictionary<string, object?>).IsAssignableFrom(target.Type))
        {
            return Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.Index))!, Expression.Convert(target, typeof(object)), Expression.Convert(index, typeof(object)));
        }

        var indexer = target.Type.GetProperties().FirstOrDefault(p => p.GetIndexParameters() is [var ip] && ip.ParameterType == index.Type)
            ?? target.Type.GetInterfaces().SelectMany(i => i.GetProperties()).FirstOrDefault(p => p.GetIndexParameters() is [var ip] && ip.ParameterType == index.Type);
        if (indexer is null)
        {
            throw Error($"Cannot apply indexing with [] to an expression of type '{TypeName(target.Type)}'", pos, 1);
        }

        return Expression.MakeIndex(target, indexer, [index]);
    }

    /// <summary>Parses a lambda argument for a LINQ method: `x => body` or an implicit body where `it` (and bare member names) mean the element.</summary>
    internal LambdaExpression ParseLambda(Type elementType)
    {
        SkipSpace();
        var save = _pos;
        var name = ReadIdentifier();
        if (name is null || !TryOp("=>"))
        {
            _pos = save;
            name = "it";
        }

        var p = Expression.Parameter(elementType, name);
        _scopes.Add(p);
        try
        {
            var body = ParseConditional();
            return Expression.Lambda(body, p);
        }
        finally
        {
            _scopes.RemoveAt(_scopes.Count - 1);
        }
    }

    internal List<Expression> ParseArguments()
    {
        Expect("(");
        var args = new List<Expression>();
        if (TryOp(")"))
        {
            return args;
        }

        do
        {
            args.Add(ParseConditional());
        }
        while (TryOp(","));
        Expect(")");
        return args;
    }

    private Expression BindMember(Expression target, string name, int pos)
    {
        if (typeof(IDictionary<string, object?>).IsAssignableFrom(target.Type) || (target.Type == typeof(object) && IsLenient(target)))
        {
            var dict = Expression.TypeAs(target, typeof(IDictionary<string, object?>));
            return Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.Member))!, dict, Expression.Constant(name));
        }

        if (target.Type == typeof(object))
        {
            // Dynamic.Core binds members of object-typed values dynamically: resolved at run time, failing on null.
            return Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.DynamicMember))!, target, Expression.Constant(name));
        }

        var flags = BindingFlags.Public | BindingFlags.Instance | (options.CaseSensitive ? 0 : BindingFlags.IgnoreCase);
        var member = (MemberInfo?)target.Type.GetProperty(name, flags) ?? target.Type.GetField(name, flags);
        if (member is null && typeof(DynamicShape).IsAssignableFrom(target.Type) && !options.StrictShapeMembers)
        {
            // RulesEngine's generated input classes answer unknown members with null (typed object).
            return Expression.Constant(null, typeof(object));
        }

        if (member is null || !IsReachable(target.Type))
        {
            throw Error($"No property or field '{name}' exists in type '{TypeName(target.Type)}'", pos, name.Length);
        }

        return Expression.MakeMemberAccess(target, member);
    }

    // The sandbox: host (non-System) types, plus the data-like System types an expression legitimately reads
    // (strings, dates, nullables, arrays and collections for Length/Count); reflection and runtime types stay out of reach.
    private static bool IsReachable(Type type) =>
        type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true
        || AllowedInstanceTypes.Contains(type) || type == typeof(DateTime) || type == typeof(TimeSpan)
        || Nullable.GetUnderlyingType(type) is not null || type.IsArray
        || (type.IsGenericType && type.Namespace == "System.Collections.Generic");

    private Expression BindInstanceCall(Expression target, string name, List<Expression> args, int pos)
    {
        if (target.Type == typeof(object) && IsLenient(target))
        {
            // A value read from a dictionary input: string methods apply to its text.
            target = Expression.Call(typeof(RuntimeOps).GetMethod(nameof(RuntimeOps.ToText))!, target);
        }

        if (target.Type != typeof(string))
        {
            return new InstanceMethods(this).Bind(target, name, args, pos);
        }

        var method = typeof(string).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => string.Equals(m.Name, name, NameComparison) && m.Name != nameof(GetType))
            .Select(m => (m, ps: m.GetParameters()))
            .FirstOrDefault(x => x.ps.Length == args.Count && x.ps.Select((p, i) => p.ParameterType == args[i].Type).All(b => b));
        if (method.m is null)
        {
            throw Error($"No applicable method '{name}' exists in type '{TypeName(target.Type)}'", pos, name.Length);
        }

        // With invariant globalization (this project's setting) culture-sensitive string search is ordinal; saying so
        // explicitly takes the fast ordinal path.
        if (method.m.Name is nameof(string.StartsWith) or nameof(string.EndsWith) or nameof(string.IndexOf) && args is [{ Type: var t }] && t == typeof(string)
            && IsInvariantGlobalization())
        {
            var ordinal = typeof(string).GetMethod(method.m.Name, [typeof(string), typeof(StringComparison)])!;
            return Expression.Call(target, ordinal, args[0], Expression.Constant(StringComparison.Ordinal));
        }

        return Expression.Call(target, method.m, args);
    }

    private static bool IsInvariantGlobalization() =>
        AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant;

    internal string? ReadIdentifier()
    {
        SkipSpace();
        var start = _pos;
        if (_pos < text.Length && (char.IsLetter(text[_pos]) || text[_pos] == '_' || text[_pos] == '@'))
        {
            _pos++;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            return text[start.._pos].TrimStart('@');
        }

        return null;
    }

    private Expression ParseAtom()
    {
        SkipSpace();
        var start = _pos;
        if (_pos >= text.Length)
        {
            throw Error("Expression expected", _pos, 1);
        }

        var c = text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = ParseConditional();
            Expect(")");
            return inner;
        }

        if (c is '"' or '\'')
        {
            return ParseString(c);
        }

        if (char.IsDigit(c))
        {
            return ParseNumber();
        }

        var name = ReadIdentifier() ?? throw Error("Expression expected", start, 1);
        if (name.Equals("new", StringComparison.OrdinalIgnoreCase))
        {
            return ParseNew(start);
        }

        switch (name.ToLowerInvariant())
        {
            case "true":
                return Expression.Constant(true);
            case "false":
                return Expression.Constant(false);
            case "null":
                return Expression.Constant(null);
        }

        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_scopes[i].Name, name, NameComparison))
            {
                return _scopes[i];
            }
        }

        if (_scopes.Count > 0 && string.Equals(name, "it", StringComparison.OrdinalIgnoreCase))
        {
            return _scopes[^1];
        }

        foreach (var p in parameters)
        {
            if (string.Equals(p.Name, name, NameComparison))
            {
                return p;
            }
        }

        if (options.CustomTypes?.FirstOrDefault(t => string.Equals(t.Name, name, NameComparison)) is { } custom)
        {
            return ParseCustomCall(custom);
        }

        if (_scopes.Count > 0 && _scopes[^1].Type != typeof(object) && _pos < text.Length && text[_pos] != '(')
        {
            return BindMember(_scopes[^1], name, start);
        }

        var builtin = new BuiltinFunctions(this);
        if (builtin.TryParse(name, start) is { } call)
        {
            return call;
        }

        throw Error($"Unknown identifier '{name}'", start, name.Length);
    }

    // Dynamic.Core's object creation: new (expr as Name, member, ...) builds a DynamicShape with those fields.
    private Expression ParseNew(int start)
    {
        SkipSpace();
        if (_pos >= text.Length || text[_pos] != '(')
        {
            throw Error("'(' expected: objects are created with new (value as Name, ...)", _pos, 1);
        }

        Expect("(");
        var members = new List<(string Name, Expression Value)>();
        do
        {
            var itemStart = _pos;
            var value = ParseConditional();
            string? alias = null;
            if (TryOp("as"))
            {
                alias = ReadIdentifier() ?? throw Error("Identifier expected", _pos, 1);
            }

            alias ??= value switch
            {
                MemberExpression m => m.Member.Name,
                ParameterExpression p => p.Name,
                _ => throw Error("Expression is missing an 'as' clause", itemStart, Math.Max(_pos - itemStart, 1)),
            };
            members.Add((alias!, value));
        }
        while (TryOp(","));
        Expect(")");
        if (members.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw Error($"The property '{duplicate.Key}' is defined more than once", start, _pos - start);
        }

        var type = ShapeTypes.Get([.. members.Select(m => (m.Name, m.Value.Type))]);
        return Expression.MemberInit(Expression.New(type), members.Select(m => Expression.Bind(type.GetField(m.Name)!, m.Value)));
    }

    // Host-registered types: only their public static methods are reachable.
    private Expression ParseCustomCall(Type type)
    {
        Expect(".");
        var start = _pos;
        var name = ReadIdentifier() ?? throw Error("Identifier expected", _pos, 1);
        var args = ParseArguments();
        foreach (var m in type.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
        {
            var ps = m.GetParameters();
            if (!string.Equals(m.Name, name, NameComparison) || ps.Length != args.Count || m.IsGenericMethodDefinition)
            {
                continue;
            }

            if (ps.Select((p, i) => p.ParameterType.IsAssignableFrom(args[i].Type) || args[i].Type == typeof(object) || IsNull(args[i])).All(b => b))
            {
                return Expression.Call(m, args.Select((a, i) => a.Type == ps[i].ParameterType ? a : (Expression)Expression.Convert(a, ps[i].ParameterType)));
            }
        }

        throw Error($"No applicable method '{name}' exists in type '{type.Name}'", start, name.Length);
    }

    private Expression ParseString(char quote)
    {
        var start = _pos++;
        var sb = new System.Text.StringBuilder();
        while (_pos < text.Length && text[_pos] != quote)
        {
            var ch = text[_pos++];
            if (ch == '\\' && _pos < text.Length)
            {
                var e = text[_pos++];
                sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', _ => e });
            }
            else
            {
                sb.Append(ch);
            }
        }

        if (_pos >= text.Length)
        {
            throw Error("Unterminated string literal", start, text.Length - start);
        }

        _pos++;
        var s = sb.ToString();
        return quote == '\'' && s.Length == 1 ? Expression.Constant(s[0]) : Expression.Constant(s);
    }

    private ConstantExpression Literal(ConstantExpression constant, string digits)
    {
        _literals[constant] = digits;
        return constant;
    }

    // An unsuffixed literal compared or combined with a typed operand takes that operand's type when its text fits
    // (so `decimalMember > 0.9` is decimal, as in Dynamic.Core); suffixed literals (19.5m) keep their type.
    private Expression AdaptLiteral(Expression literal, Type other)
    {
        if (!_literals.TryGetValue(literal, out var digits) || other == literal.Type)
        {
            return literal;
        }

        var target = Nullable.GetUnderlyingType(other) ?? other;
        var inv = CultureInfo.InvariantCulture;
        var isInteger = literal.Type == typeof(int) || literal.Type == typeof(long);
        object? value =
            target == typeof(decimal) && decimal.TryParse(digits, NumberStyles.Float, inv, out var m) ? m
            : target == typeof(double) && double.TryParse(digits, NumberStyles.Float, inv, out var d) ? d
            : target == typeof(float) && float.TryParse(digits, NumberStyles.Float, inv, out var f) ? f
            : isInteger && target == typeof(long) && long.TryParse(digits, NumberStyles.Integer, inv, out var l) ? l
            : null;
        return value is null ? literal : Expression.Constant(value, target);
    }

    private Expression ParseNumber()
    {
        var start = _pos;
        if (text[_pos] == '0' && _pos + 1 < text.Length && text[_pos + 1] is 'x' or 'X')
        {
            _pos += 2;
            while (_pos < text.Length && char.IsAsciiHexDigit(text[_pos]))
            {
                _pos++;
            }

            var hex = text[(start + 2).._pos];
            return long.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hv)
                ? (hv <= int.MaxValue ? Expression.Constant((int)hv) : Expression.Constant(hv))
                : throw Error($"Invalid integer literal '{text[start.._pos]}'", start, _pos - start);
        }

        while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] == '.'
            || (text[_pos] is 'e' or 'E' && _pos + 1 < text.Length && (char.IsDigit(text[_pos + 1]) || text[_pos + 1] is '-' or '+'))
            || (text[_pos] is '-' or '+' && text[_pos - 1] is 'e' or 'E')))
        {
            _pos++;
        }

        var digits = text[start.._pos];
        var suffix = _pos < text.Length ? char.ToLowerInvariant(text[_pos]) : '\0';
        var inv = CultureInfo.InvariantCulture;
        object? value = suffix switch
        {
            'm' => decimal.TryParse(digits, NumberStyles.Float, inv, out var m) ? m : null,
            'd' => double.TryParse(digits, NumberStyles.Float, inv, out var d) ? d : null,
            'f' => float.TryParse(digits, NumberStyles.Float, inv, out var f) ? f : null,
            'l' => long.TryParse(digits, NumberStyles.Integer, inv, out var l) ? l : null,
            _ => null,
        };
        if (value is not null)
        {
            _pos++;
            return Expression.Constant(value);
        }

        if (digits.Contains('.') || digits.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            return double.TryParse(digits, NumberStyles.Float, inv, out var d2) ? Literal(Expression.Constant(d2), digits) : throw Error($"Invalid real literal '{digits}'", start, digits.Length);
        }

        if (int.TryParse(digits, NumberStyles.Integer, inv, out var i))
        {
            return Literal(Expression.Constant(i), digits);
        }

        return long.TryParse(digits, NumberStyles.Integer, inv, out var big) ? Literal(Expression.Constant(big), digits) : throw Error($"Invalid integer literal '{digits}'", start, digits.Length);
    }
}
