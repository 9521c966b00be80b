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
}
