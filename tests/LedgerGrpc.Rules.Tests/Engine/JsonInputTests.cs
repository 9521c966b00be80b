using LedgerGrpc.Rules.Expressions;
using LedgerGrpc.Rules.Workflows;

namespace LedgerGrpc.Rules.Tests.Engine;

/// <summary>JSON inputs typed as RulesEngine types them, used with the rest of the language.</summary>
public sealed class JsonInputTests
{
    private const string Order = """
        {
          "id": 12, "placed": "2024-05-03T10:00:00Z", "due": "2024-06-01", "amount": 250.5, "vip": true, "note": null,
          "customer": { "name": "Ann Lee", "tags": ["gold", "early"], "address": { "city": "Paris" } },
          "lines": [ { "sku": "A", "qty": 2, "price": 10.0 }, { "sku": "B", "qty": 1, "price": 99.5 }, { "sku": "C", "qty": 5 } ]
        }
        """;

    [Theory]
    [InlineData("input1.id == 12 && input1.amount > 250")]
    [InlineData("input1.placed < DateTime(2024, 6, 1) && input1.placed.Month == 5")]
    [InlineData("input1.due == \"2024-06-01\" && input1.due.StartsWith(\"2024\")")]
    [InlineData("input1.vip AND input1.note == null")]
    [InlineData("input1.customer.name.IndexOf(\" \") == 3 && input1.customer.name.Contains(\"Lee\")")]
    [InlineData("input1.customer.tags.Contains(\"gold\") && input1.customer.tags.Count == 2 && input1.customer.tags[1] == \"early\"")]
    [InlineData("input1.customer.address.city in (\"Paris\", \"Lyon\")")]
    [InlineData("input1.lines.Count(l => l.qty > 1) == 2 && input1.lines.Where(qty > 1).Sum(l => l.qty) == 7")]
    [InlineData("input1.lines.Any(it.sku == \"B\" && it.price > 99) && input1.lines.All(l => l.sku.Length == 1)")]
    [InlineData("input1.lines.Select(l => l.price).Max() == 99.5 && input1.lines.First().sku == \"A\"")]
    [InlineData("input1.lines.OrderByDescending(l => l.qty).First().sku == \"C\" && input1.lines.Skip(1).Take(1).Single().sku == \"B\"")]
    [InlineData("input1.lines[2].price == 0")]
    public void Evaluates_json_inputs(string expression)
    {
        var engine = new WorkflowEngine(null, new Workflow { WorkflowName = "W", Rules = [new Rule { RuleName = "R", Expression = expression }] });

        var result = engine.ExecuteAllRules("W", RuleParameter.FromJson("input1", Order))[0];

        Assert.Null(result.ExceptionMessage);
        Assert.True(result.IsSuccess);
    }

    [Fact]
    public void Types_json_values_like_RulesEngine()
    {
        var order = RuleParameter.FromJson("input1", Order);
        var type = order.Type;

        Assert.True(typeof(System.Linq.Dynamic.Core.DynamicClass).IsAssignableFrom(type));
        Assert.Equal(typeof(long), type.GetProperty("id")!.PropertyType);
        Assert.Equal(typeof(double), type.GetProperty("amount")!.PropertyType);
        Assert.Equal(typeof(DateTime), type.GetProperty("placed")!.PropertyType);
        Assert.Equal(typeof(string), type.GetProperty("due")!.PropertyType);
        Assert.Equal(typeof(object), type.GetProperty("note")!.PropertyType);
        Assert.Equal(typeof(List<string>), type.GetProperty("customer")!.PropertyType.GetProperty("tags")!.PropertyType);
        Assert.Same(type, RuleParameter.FromJson("input1", Order).Type);
    }

    [Fact]
    public void Later_list_elements_take_the_first_elements_type()
    {
        var value = (dynamic)RuleParameter.FromJson("input1", """{ "longs": [1, 2.5, 3.5, "4"], "texts": ["a", 1, true], "mixed": [null, 1], "nested": [[1], ["a"]] }""").Value!;

        Assert.Equal(new List<long> { 1, 2, 4, 4 }, (List<long>)value.longs); // Convert.ChangeType: banker's rounding
        Assert.Equal(new List<string> { "a", "1", "True" }, (List<string>)value.texts);
        Assert.Equal(new List<object?> { null, 1L }, (List<object?>)value.mixed);
        Assert.IsType<List<List<object>>>(value.nested);
    }

    [Fact]
    public void A_list_of_objects_has_every_member_of_any_element()
    {
        var value = (dynamic)RuleParameter.FromJson("input1", """{ "xs": [ { "a": 1 }, { "b": "x", "a": null }, { "o": { "p": 2.5 } }, { "o": { "q": 1 } } ] }""").Value!;
        var element = ((System.Collections.IList)value.xs)[1]!.GetType();

        Assert.Equal(typeof(long), element.GetProperty("a")!.PropertyType);
        Assert.Equal(typeof(string), element.GetProperty("b")!.PropertyType);
        Assert.Equal(["p", "q"], element.GetProperty("o")!.PropertyType.GetProperties().Where(p => p.GetIndexParameters().Length == 0).Select(p => p.Name).Order());
    }

    [Theory]
    [InlineData("""{ "xs": [1, "a"] }""")] // "a" is no long
    [InlineData("""{ "xs": [1, null] }""")] // null is no long
    [InlineData("""{ "xs": [ { "a": 1 }, { "a": 2.5 } ] }""")] // a double does not fit the long member
    [InlineData("""{ "a": 1""")] // not JSON
    public void What_RulesEngine_cannot_type_is_a_format_error(string json) =>
        Assert.Throws<FormatException>(() => RuleParameter.FromJson("input1", json));

    [Theory]
    [InlineData("2024-06-01T10:00:00", typeof(DateTime))]
    [InlineData("2024-06-01T10:00:00+0800", typeof(DateTime))]
    [InlineData("/Date(1717236000000)/", typeof(DateTime))]
    [InlineData("2024-06-01T10:00", typeof(string))]
    [InlineData("2024-06-01", typeof(string))]
    public void Strings_are_dates_where_Newtonsoft_reads_them_as_dates(string text, Type type) =>
        Assert.Equal(type, RuleParameter.FromJson("input1", $$"""{ "d": "{{text}}" }""").Type.GetProperty("d")!.PropertyType);

    [Fact]
    public void Inputs_that_are_not_objects_stay_as_Newtonsoft_read_them()
    {
        Assert.Equal((typeof(long), 5L), Pair(RuleParameter.FromJson("input1", "5")));
        Assert.Equal((typeof(System.Numerics.BigInteger), System.Numerics.BigInteger.Parse("123456789012345678901234567890")), Pair(RuleParameter.FromJson("input1", "123456789012345678901234567890")));
        Assert.Equal(typeof(List<object>), RuleParameter.FromJson("input1", "[1, 2]").Type);
        Assert.Equal((typeof(object), (object?)null), Pair(RuleParameter.FromJson("input1", "null")));
    }

    private static (Type, object?) Pair(RuleParameter p) => (p.Type, p.Value);
}
